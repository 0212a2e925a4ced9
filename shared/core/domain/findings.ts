// What the rules say when the answer is "no" or "yes, but". Every refusal and
// blocker carries a stable `code` (callers and tests match on it), a `detail`
// saying what was found, and a `remedy` saying what a person can do about it.
// HTTP handlers turn them into problem+json; blocked orchestrations list them.
import { z } from 'zod';

export const BlockerCode = z.enum([
    // the customer is not one of the partner's (or does not exist)
    'customer-not-found',
    // rule 1: eligibility
    'not-eligible',
    // rule 2: roles
    'caller-not-of-partner',
    'role-not-permitted',
    'indirect-reseller',
    'not-reseller-of-provider',
    // rule 3: Azure plan alignment
    'entitlement-not-found',
    'legacy-entitlement',
    'mca-not-accepted',
    // rules 4 and 5: ownership, disable, reassign
    'owned-by-another-partner',
    'overage-not-enabled',
    // rule 6: handover
    'handover-same-partner',
    'handover-expired',
    'handover-closed',
    'handover-already-decided',
    'handover-out-of-order',
    // rule 7: credits
    'auto-recharge-on',
    // rule 8: preflight
    'gdap-missing',
    'conditional-access-blocked',
    'location-policy-blocked',
    'sandbox-no-azure-plan',
]);
export type BlockerCode = z.infer<typeof BlockerCode>;

export const Blocker = z.object({
    code: BlockerCode,
    detail: z.string().min(1),
    remedy: z.string().min(1),
});
export type Blocker = z.infer<typeof Blocker>;

/** A blocker narrowed to the codes one rule can produce. */
export type BlockerOf<C extends BlockerCode> = Blocker & { code: C };

export const WarningCode = z.enum([
    'credits-drain-first',
    'outbound-calls-refused',
    // rule 7: overage is set, but auto-recharge keeps credits paying first
    'auto-recharge-on',
]);
export type WarningCode = z.infer<typeof WarningCode>;

/** Something worth telling the user that does not stop the operation. */
export const Warning = z.object({
    code: WarningCode,
    detail: z.string().min(1),
    /** What a person can do about it, when anything. */
    remedy: z.string().min(1).optional(),
});
export type Warning = z.infer<typeof Warning>;

export function blocker<C extends BlockerCode>(code: C, detail: string, remedy: string): BlockerOf<C> {
    return { code, detail, remedy };
}
