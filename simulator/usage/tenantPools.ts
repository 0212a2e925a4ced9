// The minutes a tenant's pools include in one UTC month, from the licences
// the simulator serves as its subscribedSkus (every seller's, and those
// bought from Microsoft directly): each calling capability of a licence's
// product (a bundle counts for each, an E5 with Calling Plan for its Audio
// Conferencing too) in the usage location of the users holding it. A
// licence's own plan says its minutes; a bundle's other capability has
// Microsoft's published minutes. Licences count from the month they are
// bought in: those held at the month's end, with a whole month's minutes.
import { pooledCapabilityOf, poolKey, publishedMinutes } from '../rules/minutePools';
import { skuOf } from '../services/skuCatalogue';
import type { Customer } from '../world';
import { capabilityOf } from './capabilities';
import { usageLocationOf } from './tenantUsers';

/** Included minutes per pool (`<country>/<capability>`) for the month that ends (exclusive) at `monthEnd`. */
export function includedMinutes(c: Customer, monthEnd: number): Map<string, number> {
    const included = new Map<string, number>();
    for (const licence of [...c.subscriptions, ...(c.directLicences ?? [])]) {
        if (Date.parse(licence.purchasedAt) >= monthEnd) continue;
        const country = usageLocationOf(c, licence);
        const own = licence.plan ? capabilityOf(licence.plan) : undefined;
        const capabilities = new Set(skuOf(licence).servicePlans.map((p) => pooledCapabilityOf(p.servicePlanName)));
        for (const capability of capabilities) {
            if (capability === undefined) continue;
            const perLicence = capability === own && licence.plan ? licence.plan.minutesPerLicense : publishedMinutes(capability, country);
            const key = poolKey(country, capability);
            included.set(key, (included.get(key) ?? 0) + licence.quantity * perLicence);
        }
    }
    return included;
}
