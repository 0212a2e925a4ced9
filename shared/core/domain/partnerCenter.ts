// The public Partner Center shapes for reading and updating a customer's
// overage (`/v1/customers/{customerTenantId}/subscriptions/overage`), kept
// field for field so the simulator and the real API are interchangeable.
import { z } from 'zod';
import { OverageSetting } from './customer';
import { Guid, PartnerId } from './primitives';
import { ServiceType } from './subscription';

export const OverageItem = z.object({
    azureEntitlementId: Guid.nullable(),
    partnerId: PartnerId,
    type: ServiceType,
    overageEnabled: z.boolean(),
    attributes: z.object({ objectType: z.literal('Overage') }),
});
export type OverageItem = z.infer<typeof OverageItem>;

/** GET answer. */
export const OverageCollection = z.object({
    totalCount: z.number().int().min(0),
    items: z.array(OverageItem),
    attributes: z.object({ objectType: z.literal('Collection') }),
}).superRefine((collection, ctx) => {
    if (collection.totalCount !== collection.items.length) {
        ctx.addIssue({ code: 'custom', path: ['totalCount'], message: `totalCount is ${collection.totalCount} but there are ${collection.items.length} items` });
    }
});
export type OverageCollection = z.infer<typeof OverageCollection>;

/**
 * PUT body. `overageEnabled: false` sets overage to None. `partnerId` is only
 * sent in two-tier sales, naming the indirect reseller the provider acts for.
 * The update is applied asynchronously.
 */
export const OverageUpdate = z.object({
    azureEntitlementId: Guid.nullable(),
    partnerId: PartnerId.optional(),
    overageEnabled: z.boolean(),
}).superRefine((update, ctx) => {
    if (update.overageEnabled && update.azureEntitlementId === null) {
        ctx.addIssue({ code: 'custom', path: ['azureEntitlementId'], message: 'enabling overage needs the Azure subscription its charges go to' });
    }
});
export type OverageUpdate = z.infer<typeof OverageUpdate>;

export function toOverageCollection(settings: readonly OverageSetting[]): OverageCollection {
    return {
        totalCount: settings.length,
        items: settings.map((s) => ({
            azureEntitlementId: s.azureEntitlementId,
            partnerId: s.partnerId,
            type: s.type,
            overageEnabled: s.overageEnabled,
            attributes: { objectType: 'Overage' as const },
        })),
        attributes: { objectType: 'Collection' },
    };
}
