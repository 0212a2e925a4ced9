// What a caller may do about a customer's overage right now, decided from the
// same rules the runs and the handover start apply (rule 2's
// canManageOverage, rule 4's ownershipOf), so a page offers only what the API
// then accepts and says why the rest is not offered. Pure: the caller's
// permission, the ownership check and the open handover are read by whoever
// asks (functions/overageStatus.ts), as a run reads them in its steps.
// Blockers the fleet's last assessment already found (rule 1, rule 8's
// preflight) withhold enable and take-over: the run would stop on them. Those
// the run resolves itself (a legacy offer it moves to an Azure plan,
// auto-recharge it can wait out) do not.
import { z } from 'zod';
import type { ManagePermission } from './roles';
import type { OwnershipCheck } from './ownership';
import { PREFLIGHT_CODES } from './preflight';

export const ActionReason = z.object({
    code: z.string().describe('Stable reason code: the same code the API answers when the action is tried anyway.'),
    detail: z.string().describe('Why, in words naming the partners involved.'),
    remedy: z.string().optional().describe('What a person can do about it, where the rule says (a blocker the run would stop on).'),
});
export type ActionReason = z.infer<typeof ActionReason>;

const Action = z.object({ allowed: z.boolean(), reason: ActionReason.optional().describe('Present when `allowed` is false.') });

export const HandoverDirection = z.enum(['take-over', 'hand-over']);

export const OverageActions = z.object({
    enable: Action.describe('Switch overage on, or move it to another of the customer\'s Azure subscriptions.'),
    disable: Action.describe('Switch overage off (set it to None).'),
    requestHandover: Action.extend({
        direction: HandoverDirection.nullable().describe('`take-over`: the caller\'s partner asks to take overage over from the owner; `hand-over`: the owner hands it to a partner it names.'),
        fromPartnerId: z.string().nullable(),
        fromPartnerName: z.string().nullable(),
        label: z.string().nullable().describe('The action in the caller\'s words: "Take over from Litware Voice" or "Hand over to another partner".'),
    }),
    cancelHandover: Action.extend({ handoverId: z.string().nullable().describe('The open handover the caller\'s partner asked for.') }),
});
export type OverageActions = z.infer<typeof OverageActions>;

/** A handover still open for this customer and service, as the caller's partner sees it. */
export interface OpenHandover {
    id: string;
    requestedByPartnerId: string;
    /** Only one still awaiting answers can be cancelled; one that is switching cannot. */
    awaitingApprovals: boolean;
}

export interface ActionFacts {
    /** The partner the caller is signed in for (rule 2 may let it act for a reseller). */
    callerPartnerId: string;
    /** Rule 2 for the caller and its partner account. */
    manage: ManagePermission;
    /** Rule 4 for the partner the caller acts for. */
    ownership: OwnershipCheck;
    /** Whether Partner Center shows overage on now. */
    overageEnabled: boolean;
    openHandover: OpenHandover | null;
    /**
     * The blockers the fleet's last assessment of this customer found (rule 1's not-eligible, rule 8's
     * preflight, or any other it lists); only those a run certainly stops on are used (stopsTheRun).
     * Undefined when not assessed: the run still checks.
     */
    assessed?: ActionReason[];
    /** A partner's name for the words; the id when it is not known. */
    nameOf(partnerId: string): string;
}

const refused = (code: string, detail: string) => ({ allowed: false as const, reason: { code, detail } });

export function overageActions(f: ActionFacts): OverageActions {
    return { enable: enable(f), disable: disable(f), requestHandover: requestHandover(f), cancelHandover: cancelHandover(f) };
}

/** Why nothing that changes overage can be done by this caller (rule 2), or null when it may. */
function notPermitted(f: ActionFacts) {
    // the remedy names who can act instead (an indirect reseller's provider)
    return f.manage.allowed ? null : { allowed: false as const, reason: { code: f.manage.code, detail: f.manage.detail, remedy: f.manage.remedy } };
}

function ownedElsewhere(f: ActionFacts) {
    if (f.ownership.allowed) return null;
    const owner = f.nameOf(f.ownership.owner.partnerId);
    return refused('owned-by-another-partner', `${owner} bills this customer's overage; ask for a handover.`);
}

/** Codes a run stops on whatever it does: no overage-enabling licence (rule 1), and rule 8's preflight blockers. */
const STOPS_THE_RUN: ReadonlySet<string> = new Set(['not-eligible', ...PREFLIGHT_CODES]);

/** Whether a blocker already found means the run would stop on it (one it resolves itself, or could not read, does not). */
export const stopsTheRun = (code: string): boolean => STOPS_THE_RUN.has(code);

/** The first blocker already known that the run would stop on, as the refusal (with its remedy), or null. */
function knownBlocker(f: ActionFacts) {
    const b = f.assessed?.find((x) => stopsTheRun(x.code));
    return b ? { allowed: false as const, reason: { code: b.code, detail: b.detail, ...(b.remedy ? { remedy: b.remedy } : {}) } } : null;
}

function enable(f: ActionFacts) {
    return notPermitted(f) ?? ownedElsewhere(f) ?? knownBlocker(f) ?? (f.openHandover ? handoverOpen(f.openHandover) : { allowed: true });
}

function disable(f: ActionFacts) {
    return notPermitted(f) ?? ownedElsewhere(f)
        ?? (!f.overageEnabled ? refused('overage-not-on', 'Overage is off for this customer: there is nothing to switch off.') : null)
        ?? (f.openHandover ? handoverOpen(f.openHandover) : { allowed: true });
}

function requestHandover(f: ActionFacts): OverageActions['requestHandover'] {
    const owner = f.ownership.owner;
    const none = { direction: null, fromPartnerId: null, fromPartnerName: null, label: null };
    const denied = notPermitted(f);
    if (denied) return { ...denied, ...none };
    if (!owner) return { ...refused('no-current-owner', 'No partner manages overage for this customer yet, so there is nothing to hand over: switch it on instead.'), ...none };
    if (f.openHandover) return { ...handoverOpen(f.openHandover), ...none };
    // a provider acting for the reseller that holds it: a handover is asked by the owner or the new partner itself, and the reseller cannot ask
    if (owner.partnerId === callerPartner(f) && owner.partnerId !== f.callerPartnerId) {
        const reseller = f.nameOf(owner.partnerId);
        return { ...refused('role-not-permitted', `${reseller} holds this customer's overage, and only it or the new partner may ask for a handover; as an indirect reseller it cannot.`), ...none };
    }
    const fromPartnerName = f.nameOf(owner.partnerId);
    // the caller's side: the owner hands over to someone it names; anyone else takes over from the owner
    if (owner.partnerId === callerPartner(f)) return { allowed: true, direction: 'hand-over', fromPartnerId: owner.partnerId, fromPartnerName, label: 'Hand over to another partner' };
    // taking over ends in the caller's partner switching it on: what stops its enable stops this too
    const take = { direction: 'take-over' as const, fromPartnerId: owner.partnerId, fromPartnerName, label: `Take over from ${fromPartnerName}` };
    return { ...(knownBlocker(f) ?? { allowed: true }), ...take };
}

function cancelHandover(f: ActionFacts): OverageActions['cancelHandover'] {
    const h = f.openHandover;
    const denied = notPermitted(f);
    if (denied) return { ...denied, handoverId: h?.id ?? null };
    if (!h) return { ...refused('no-open-handover', 'No handover is open for this customer.'), handoverId: null };
    if (h.requestedByPartnerId !== callerPartner(f)) {
        return { ...refused('not-requester', `${f.nameOf(h.requestedByPartnerId)} asked for this handover, so only it can cancel it; decline through your approval link instead.`), handoverId: h.id };
    }
    if (!h.awaitingApprovals) return { ...refused('handover-not-cancellable', 'The handover is already switching overage over and can no longer be cancelled.'), handoverId: h.id };
    return { allowed: true, handoverId: h.id };
}

function handoverOpen(h: OpenHandover) {
    return refused('handover-open', `A handover of this customer's overage is open (${h.id}): wait for its answers or cancel it first.`);
}

/** The partner a manage permission acts for: only asked once it is allowed. */
function callerPartner(f: ActionFacts): string {
    return f.manage.allowed ? f.manage.actingForPartnerId : '';
}
