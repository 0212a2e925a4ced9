// Graph v1.0 `GET /subscribedSkus` in a customer's tenant: every licence the
// tenant holds, whoever sold it (any partner of the world, Microsoft
// directly, a partner outside the world), one entry per product with the
// quantities summed, once bought (a purchase after the simulator's now is not
// there yet). Read through GDAP: the partner needs an active relationship
// with a role that reads the directory (rules/graphAccess.ts). Every licence
// is taken to be assigned (`consumedUnits` = the units), none suspended.
import { json, Router } from '../http/router';
import type { Customer, TenantLicence } from '../world';
import type { ServiceContext } from './caller';
import type { Dialect } from './dialect';
import { directoryTenant, isCustomer } from './graphTenant';
import { Sku, skuOf } from './skuCatalogue';

export function registerSubscribedSkus(router: Router, ctx: ServiceContext, graph: Dialect, now: () => number): void {
    router.on('GET', '/v1.0/subscribedSkus', async (req) => {
        const c = await directoryTenant(req, ctx, graph);
        if (!isCustomer(c)) return c;
        return json(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscribedSkus', value: subscribedSkus(c, now()) });
    });
}

export function subscribedSkus(c: Customer, now: number) {
    const held = [...c.subscriptions, ...(c.directLicences ?? [])].filter((l) => Date.parse(l.purchasedAt) <= now);
    const byProduct = new Map<string, { sku: Sku; units: number; licences: TenantLicence[] }>();
    for (const licence of held) {
        const sku = skuOf(licence);
        const entry = byProduct.get(sku.skuId) ?? { sku, units: 0, licences: [] };
        entry.units += licence.quantity;
        entry.licences.push(licence);
        byProduct.set(sku.skuId, entry);
    }
    return [...byProduct.values()].map(({ sku, units, licences }) => ({
        accountId: c.tenantId,
        accountName: c.name,
        appliesTo: 'User',
        capabilityStatus: 'Enabled',
        consumedUnits: units,
        id: `${c.tenantId}_${sku.skuId}`,
        prepaidUnits: { enabled: units, lockedOut: 0, suspended: 0, warning: 0 },
        servicePlans: sku.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success', appliesTo: 'User' })),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        subscriptionIds: licences.map((l) => l.id),
    }));
}
