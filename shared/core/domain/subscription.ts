// License-based NCE subscriptions a customer holds, and the calling plan inside them.
import { z } from 'zod';
import { CountryCode, Guid, IsoDateTime, PartnerId } from './primitives';

/** Overage settings are kept per service; telco overage is the only service type so far. */
export const ServiceType = z.enum(['PhoneServices']);
export type ServiceType = z.infer<typeof ServiceType>;

export const CallingPlanKind = z.enum(['domestic', 'domesticInternational', 'payg', 'audioConferencing']);
export type CallingPlanKind = z.infer<typeof CallingPlanKind>;

/**
 * The minute pool a license brings. Pools are shared per tenant, country and
 * identical plan. A Pay-As-You-Go plan has no pool: every outbound minute is billed.
 */
export const CallingPlan = z.object({
    kind: CallingPlanKind,
    country: CountryCode,
    minutesPerLicense: z.number().int().min(0),
}).superRefine((plan, ctx) => {
    if (plan.kind === 'payg' && plan.minutesPerLicense !== 0) {
        ctx.addIssue({ code: 'custom', path: ['minutesPerLicense'], message: 'a Pay-As-You-Go calling plan has no included minutes; use 0' });
    }
});
export type CallingPlan = z.infer<typeof CallingPlan>;

export const LicenseSubscription = z.object({
    id: Guid,
    /** The partner that sold it (for two-tier sales, the indirect reseller). */
    partnerId: PartnerId,
    sku: z.string().min(1),
    /** `"overage"` when the SKU can bill use beyond its allotment; null for SKUs that cannot. */
    consumptionType: z.literal('overage').nullable(),
    quantity: z.number().int().positive(),
    purchasedAt: IsoDateTime,
    /** Null for SKUs that carry no calling minutes (e.g. Teams Phone Standard alone). */
    plan: CallingPlan.nullable(),
});
export type LicenseSubscription = z.infer<typeof LicenseSubscription>;

/** Whether this subscription enables overage at all: the SKU allows it and licenses are held. */
export function enablesOverage(subscription: Pick<LicenseSubscription, 'consumptionType' | 'quantity'>): boolean {
    return subscription.consumptionType === 'overage' && subscription.quantity > 0;
}

/**
 * The overage service a subscription belongs to. Every overage-enabling SKU
 * today is a telephony SKU, so this is `PhoneServices` or nothing.
 */
export function serviceTypeOf(subscription: Pick<LicenseSubscription, 'consumptionType' | 'quantity'>): ServiceType | null {
    return enablesOverage(subscription) ? 'PhoneServices' : null;
}
