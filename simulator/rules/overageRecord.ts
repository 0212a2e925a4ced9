// Partner Center's overage record for a customer and service. The first
// purchase of an overage-enabling SKU creates it, assigned to that purchaser
// with overage not yet on; a later purchase by another partner leaves it be.
// Whoever holds the record is the only partner that may change it. Setting
// overage to None gives it up: that is how a handover works (the three
// parties agree elsewhere, the holder sets None, the next partner assigns
// its own subscription).
import type { Customer, OverageRecord } from '../world';
import { enablesOverage, soldOverageSku } from './overageEligibility';
import { Refusal, refusal } from './refusal';

export type ServiceType = OverageRecord['type'];

export interface RecordView extends OverageRecord {
    /** True for the record the first purchase created, which nobody has changed yet. */
    fromFirstPurchase: boolean;
}

/** The partner whose overage-enabling purchase came first (ties broken by subscription id). */
export function firstPurchaser(customer: Customer): string | undefined {
    const purchases = customer.subscriptions.filter(enablesOverage)
        .sort((a, b) => Date.parse(a.purchasedAt) - Date.parse(b.purchasedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return purchases[0]?.partnerId;
}

/** The record Partner Center shows for the service, if any. */
export function overageRecordOf(customer: Customer, type: ServiceType): RecordView | undefined {
    const stored = customer.overage.find((r) => r.type === type);
    if (stored) return { ...stored, fromFirstPurchase: false };
    const first = firstPurchaser(customer);
    return first === undefined ? undefined : { type, partnerId: first, azureEntitlementId: null, overageEnabled: false, fromFirstPurchase: true };
}

/** The partner that alone may change the record; undefined once its holder set it to None. */
export function holderOf(record: RecordView | undefined): string | undefined {
    if (!record) return undefined;
    return record.overageEnabled || record.fromFirstPurchase ? record.partnerId : undefined;
}

/** Why `actingForPartnerId` may not change the customer's overage record, or undefined. */
export function refuseNotHolder(customer: Customer, type: ServiceType, actingForPartnerId: string): Refusal | undefined {
    const holder = holderOf(overageRecordOf(customer, type));
    if (holder === actingForPartnerId) return undefined;
    if (holder !== undefined) {
        return refusal(403, 'owned-by-another-partner', `Overage of ${customer.name} for ${type} is held by partner ${holder}; only that partner may change it, or set it to None to hand it over.`);
    }
    // a record given up (None) goes to the next partner that sells the customer an overage SKU of its own
    if (soldOverageSku(customer, actingForPartnerId)) return undefined;
    return refusal(409, 'not-eligible', `Partner ${actingForPartnerId} sold ${customer.name} no subscription whose SKU allows overage, so it cannot take over its overage.`);
}
