// A customer tenant as the overage rules see it: its Azure billing state,
// licenses, prepaid credits, tenant policies and current overage settings.
import { z } from 'zod';
import { AzureRegion, CountryCode, CurrencyCode, Email, Guid, PartnerId } from './primitives';
import { LicenseSubscription, ServiceType } from './subscription';

/** The legacy CSP Azure offer that must move to an Azure plan before overage can be set. */
export const LEGACY_AZURE_OFFER_ID = 'MS-AZR-0145P';

/** Name of the subscription created with a no-cost Azure plan. */
export const DEFAULT_OVERAGE_SUBSCRIPTION_NAME = 'Subscription 1';

/**
 * The resource group overage charges are recorded in. Microsoft creates it
 * and does not publish its location, so any "allowed locations" policy may
 * stop it (see the preflight, rule 8).
 */
export const OVERAGE_RESOURCE_GROUP = { name: 'M365' } as const;

export const AzureEntitlement = z.object({
    id: Guid,
    name: z.string().min(1),
});
export type AzureEntitlement = z.infer<typeof AzureEntitlement>;

/**
 * - `none`: no Azure at all;
 * - `legacy`: Azure through the legacy offer MS-AZR-0145P (entitlements are those legacy subscriptions);
 * - `plan`: an Azure plan; entitlements are the subscriptions under it.
 */
export const AzureKind = z.enum(['none', 'legacy', 'plan']);
export type AzureKind = z.infer<typeof AzureKind>;

export const AzureState = z.object({
    kind: AzureKind,
    /** The customer accepted the Microsoft Customer Agreement (needed to move from the legacy offer to a plan). */
    mcaAccepted: z.boolean(),
    entitlements: z.array(AzureEntitlement),
}).superRefine((azure, ctx) => {
    if (azure.kind === 'none' && azure.entitlements.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['entitlements'], message: 'a customer without Azure (kind "none") cannot have entitlements' });
    }
    const seen = new Set<string>();
    azure.entitlements.forEach((e, i) => {
        const id = e.id.toLowerCase();
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['entitlements', i, 'id'], message: `entitlement ${e.id} is listed twice` });
        seen.add(id);
    });
});
export type AzureState = z.infer<typeof AzureState>;

/** Prepaid Communications Credits, bought from Microsoft directly (never through CSP). */
export const CommunicationsCredits = z.object({
    balance: z.number().min(0),
    currency: CurrencyCode,
    /** When the balance falls below `threshold`, `amount` is bought again. */
    autoRecharge: z.object({
        enabled: z.boolean(),
        threshold: z.number().min(0),
        amount: z.number().positive(),
    }).nullable(),
});
export type CommunicationsCredits = z.infer<typeof CommunicationsCredits>;

/** Tenant settings that commonly make enabling overage fail. */
export const CustomerPolicies = z.object({
    /** The partner holds GDAP roles that reach the customer's Azure subscriptions. */
    gdapAzureAccess: z.boolean(),
    /** Entra Conditional Access token protection is on and stops the token exchange overage needs. */
    conditionalAccessTokenProtection: z.boolean(),
    /** Regions an "allowed locations" Azure Policy permits; null when no such policy exists. */
    allowedLocations: z.array(AzureRegion).nullable(),
});
export type CustomerPolicies = z.infer<typeof CustomerPolicies>;

/** The overage assignment for one service of one customer (what Partner Center stores). */
export const OverageSetting = z.object({
    type: ServiceType,
    partnerId: PartnerId,
    /** The Azure subscription charges flow to; null once set to None. */
    azureEntitlementId: Guid.nullable(),
    overageEnabled: z.boolean(),
}).superRefine((setting, ctx) => {
    if (setting.overageEnabled && setting.azureEntitlementId === null) {
        ctx.addIssue({ code: 'custom', path: ['azureEntitlementId'], message: 'enabled overage needs the Azure subscription its charges go to' });
    }
});
export type OverageSetting = z.infer<typeof OverageSetting>;

/** The fields of a customer without the cross-field checks, for schemas that extend it. */
export const CustomerFields = z.object({
    tenantId: Guid,
    name: z.string().min(1),
    country: CountryCode,
    adminContact: Email,
    azure: AzureState,
    subscriptions: z.array(LicenseSubscription),
    credits: CommunicationsCredits.nullable(),
    policies: CustomerPolicies,
    overage: z.array(OverageSetting),
});

/** Checks that need more than one field of a customer; reused by schemas built on CustomerFields. */
export function checkCustomer(customer: z.infer<typeof CustomerFields>, ctx: z.RefinementCtx): void {
    const subscriptionIds = new Set<string>();
    customer.subscriptions.forEach((s, i) => {
        const id = s.id.toLowerCase();
        if (subscriptionIds.has(id)) ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'id'], message: `subscription ${s.id} is listed twice` });
        subscriptionIds.add(id);
    });
    const entitlementIds = new Set(customer.azure.entitlements.map((e) => e.id.toLowerCase()));
    const types = new Set<string>();
    customer.overage.forEach((setting, i) => {
        if (types.has(setting.type)) {
            ctx.addIssue({ code: 'custom', path: ['overage', i, 'type'], message: `only one overage setting per service; ${setting.type} appears twice` });
        }
        types.add(setting.type);
        if (setting.azureEntitlementId !== null && !entitlementIds.has(setting.azureEntitlementId.toLowerCase())) {
            ctx.addIssue({ code: 'custom', path: ['overage', i, 'azureEntitlementId'], message: `${setting.azureEntitlementId} is not one of this customer's Azure entitlements` });
        }
        if (setting.overageEnabled && customer.azure.kind !== 'plan') {
            ctx.addIssue({ code: 'custom', path: ['overage', i, 'overageEnabled'], message: `overage can only be on with an Azure plan, but azure.kind is "${customer.azure.kind}"` });
        }
    });
}

export const Customer = CustomerFields.superRefine(checkCustomer);
export type Customer = z.infer<typeof Customer>;

/** The setting for one service, if Partner Center has one. */
export function overageSettingFor(customer: Pick<Customer, 'overage'>, type: ServiceType): OverageSetting | undefined {
    return customer.overage.find((s) => s.type === type);
}
