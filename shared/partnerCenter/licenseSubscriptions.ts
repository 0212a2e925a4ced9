// Partner Center subscriptions in the domain's terms.
import type { LicenseSubscription } from '../domain/subscription';
import type { PcSubscription } from './schemas';

export function asLicenseSubscriptions(items: PcSubscription[]): LicenseSubscription[] {
    return items
        .filter((s) => s.status === 'active')
        .map((s) => ({ id: s.id, partnerId: s.partnerId, sku: s.offerName, consumptionType: s.consumptionType ?? null, quantity: s.quantity, purchasedAt: s.creationDate, plan: s.callingPlan ?? null }));
}
