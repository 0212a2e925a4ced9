// Overage exists only alongside a license-based subscription whose SKU allows
// it (the SKU's `consumptionType` is "overage"). Buying such a SKU buys the
// licenses only; overage is switched on afterwards, by the partner that may.
import type { Customer, LicenseSubscription } from '../world';
import { Refusal, refusal } from './refusal';

export function enablesOverage(s: LicenseSubscription): boolean {
    return s.consumptionType === 'overage' && s.quantity > 0;
}

/** Partner Center offers Manage Overage only for customers holding such a subscription. */
export function refuseIneligibleCustomer(customer: Customer): Refusal | undefined {
    if (customer.subscriptions.some(enablesOverage)) return undefined;
    return refusal(409, 'not-eligible', `${customer.name} holds no license-based subscription whose SKU allows overage (consumptionType "overage").`);
}

/** Whether `partnerId` itself sold the customer a subscription that allows overage. */
export function soldOverageSku(customer: Customer, partnerId: string): boolean {
    return customer.subscriptions.some((s) => s.partnerId === partnerId && enablesOverage(s));
}
