// Rule 5: the owner can switch overage off (assign None) or point it at
// another of the customer's Azure subscriptions, at any time.
import { overageSettingFor, type Customer, type OverageSetting } from '../customer';
import { blocker, type BlockerOf } from '../findings';
import type { ServiceType } from '../subscription';
import { checkOwnership } from './ownership';

export type OverageChange =
    | { kind: 'disable' }
    | { kind: 'reassign'; azureEntitlementId: string };

export type ChangeDecision =
    /** `next` is the setting to write; `noop` when it is already what was asked (repeat requests are harmless). */
    | { allowed: true; noop: boolean; next: OverageSetting }
    | ({ allowed: false } & BlockerOf<'owned-by-another-partner' | 'overage-not-enabled' | 'entitlement-not-found'>);

export function decideOverageChange(
    customer: Pick<Customer, 'tenantId' | 'subscriptions' | 'overage' | 'azure'>,
    type: ServiceType,
    actingPartnerId: string,
    change: OverageChange,
): ChangeDecision {
    const ownership = checkOwnership(customer, type, actingPartnerId);
    if (!ownership.allowed) {
        const { allowed: _a, owner: _o, handoverFlow: _h, ...refusal } = ownership;
        return { allowed: false, ...refusal };
    }
    const current = overageSettingFor(customer, type);
    if (change.kind === 'disable') {
        if (!current?.overageEnabled) {
            return { allowed: true, noop: true, next: current ?? { type, partnerId: actingPartnerId, azureEntitlementId: null, overageEnabled: false } };
        }
        return { allowed: true, noop: false, next: { ...current, azureEntitlementId: null, overageEnabled: false } };
    }
    if (!current?.overageEnabled) {
        return {
            allowed: false,
            ...blocker('overage-not-enabled',
                `Overage for ${type} is not on, so there is no assignment to move.`,
                'Enable overage instead; that flow checks eligibility, the Azure plan and the usual blockers first.'),
        };
    }
    const target = customer.azure.entitlements.find((e) => e.id.toLowerCase() === change.azureEntitlementId.toLowerCase());
    if (!target || customer.azure.kind !== 'plan') {
        return {
            allowed: false,
            ...blocker('entitlement-not-found',
                `${change.azureEntitlementId} is not a subscription under the customer's Azure plan.`,
                'Choose one of the subscriptions listed under the customer\'s Azure plan.'),
        };
    }
    const noop = current.azureEntitlementId?.toLowerCase() === target.id.toLowerCase();
    return { allowed: true, noop, next: noop ? current : { ...current, azureEntitlementId: target.id } };
}
