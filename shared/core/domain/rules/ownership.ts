// Rule 4: one owner, one subscription, per customer and service. An enabled
// assignment belongs to the partner that made it. Without one, the partner
// whose overage-enabling purchase came first owns the right to assign; a later
// purchase by someone else changes nothing. Only the owner may manage it;
// anyone else goes through the handover (rule 6).
import type { Customer } from '../customer';
import { overageSettingFor, type OverageSetting } from '../customer';
import { blocker, type BlockerOf } from '../findings';
import { compareInstants, compareText } from '../primitives';
import { serviceTypeOf, type ServiceType } from '../subscription';
import type { Handover } from './handover';

export type OverageOwner =
    | { partnerId: string; basis: 'assignment'; azureEntitlementId: string }
    | { partnerId: string; basis: 'first-purchase'; subscriptionId: string; purchasedAt: string }
    /** Partner Center's overage record names the partner (set at the first purchase, which the asking partner may not see). */
    | { partnerId: string; basis: 'partner-center-record' };

/** The capability a partner that is not the owner is pointed to (the handover of rule 6). */
export const HANDOVER_FLOW = 'requestOverageHandover';

/**
 * The owner of `type` for this customer, or null when nobody holds an
 * overage-enabling subscription and nothing is assigned. Ties in purchase
 * time go to the lower subscription id, then the lower partner id, so the
 * answer never depends on the order of the data.
 */
export function resolveOwner(customer: Pick<Customer, 'subscriptions' | 'overage'>, type: ServiceType): OverageOwner | null {
    const setting = overageSettingFor(customer, type);
    if (setting?.overageEnabled && setting.azureEntitlementId !== null) {
        return { partnerId: setting.partnerId, basis: 'assignment', azureEntitlementId: setting.azureEntitlementId };
    }
    const first = customer.subscriptions
        .filter((s) => serviceTypeOf(s) === type)
        .sort((a, b) => compareInstants(a.purchasedAt, b.purchasedAt) || compareText(a.id, b.id) || compareText(a.partnerId, b.partnerId))[0];
    return first ? { partnerId: first.partnerId, basis: 'first-purchase', subscriptionId: first.id, purchasedAt: first.purchasedAt } : null;
}

/**
 * The owner as a partner can tell it: Partner Center's overage record for the
 * service names the partner that manages it (the assignee, or, before any
 * assignment, the partner whose purchase came first, even one the asking
 * partner cannot see). A record its holder set to None was given up (rule 6:
 * that is how overage moves on) and names no owner. Only without a record
 * does the first purchase among the partner's own subscriptions decide.
 */
export function ownerOnRecord(record: OverageSetting | undefined, subscriptions: Customer['subscriptions'], type: ServiceType, givenUp = false): OverageOwner | null {
    if (record?.overageEnabled && record.azureEntitlementId !== null) {
        return { partnerId: record.partnerId, basis: 'assignment', azureEntitlementId: record.azureEntitlementId };
    }
    if (record && givenUp) return null;
    if (record) return { partnerId: record.partnerId, basis: 'partner-center-record' };
    return resolveOwner({ subscriptions, overage: [] }, type);
}

/**
 * Whether a record that is not on was given up rather than never used. On the
 * wire the two look alike ({partner, None}); what tells them apart is that the
 * partner it names once had overage assigned, which the app recorded when its
 * run confirmed that assignment (`everAssignedBy`).
 */
export function isGivenUp(record: OverageSetting | undefined, everAssignedBy: string | undefined): boolean {
    return !!record && !record.overageEnabled && everAssignedBy === record.partnerId;
}

export type OwnershipCheck =
    | { allowed: true; owner: OverageOwner | null; via: 'owner' | 'unowned' | 'handover' }
    | ({ allowed: false; owner: OverageOwner; handoverFlow: string } & BlockerOf<'owned-by-another-partner'>);

export interface OwnershipOptions {
    /**
     * A handover to `actingPartnerId` for this customer and service. Once the
     * old owner has set None (status `noneSet`), it lets the new partner assign.
     */
    handover?: Handover | null;
}

/** May `actingPartnerId` (for two-tier sales: the reseller) change `type` for this customer? */
export function checkOwnership(
    customer: Pick<Customer, 'tenantId' | 'subscriptions' | 'overage'>,
    type: ServiceType,
    actingPartnerId: string,
    options: OwnershipOptions = {},
): OwnershipCheck {
    return ownershipOf(resolveOwner(customer, type), customer.tenantId, type, actingPartnerId, options);
}

/** May `actingPartnerId` change `type` for this customer, given its owner? */
export function ownershipOf(owner: OverageOwner | null, tenantId: string, type: ServiceType, actingPartnerId: string, options: OwnershipOptions = {}): OwnershipCheck {
    if (owner === null) return { allowed: true, owner, via: 'unowned' };
    if (owner.partnerId === actingPartnerId) return { allowed: true, owner, via: 'owner' };
    const h = options.handover;
    if (h && h.status === 'noneSet' && h.type === type && h.toPartnerId === actingPartnerId
        && h.fromPartnerId === owner.partnerId && h.customerTenantId.toLowerCase() === tenantId.toLowerCase()) {
        return { allowed: true, owner, via: 'handover' };
    }
    const why = owner.basis === 'assignment'
        ? `overage for ${type} is assigned by partner ${owner.partnerId}`
        : owner.basis === 'first-purchase'
            ? `partner ${owner.partnerId} bought the first overage-enabling subscription (${owner.subscriptionId}, ${owner.purchasedAt})`
            : `Partner Center names partner ${owner.partnerId} as the partner that manages overage for ${type} (its purchase came first)`;
    return {
        allowed: false,
        owner,
        handoverFlow: HANDOVER_FLOW,
        ...blocker('owned-by-another-partner',
            `Only one partner manages overage per customer and service, and ${why}.`,
            `Request a handover from partner ${owner.partnerId} to partner ${actingPartnerId}; once that partner, you and the customer all approve, it sets overage to None and you can assign your subscription.`),
    };
}
