// Partner Center REST shapes the app reads and writes, validated on every
// response. The simulator builds its answers from the same schemas, so the two
// cannot drift apart silently. Overage shapes live in the domain (public API).
import { z } from 'zod';
import { AgentRole } from '../../core/domain/partner';
import { CallingPlan } from '../../core/domain/subscription';

const Attributes = (objectType: string) => z.object({ objectType: z.literal(objectType) });

export const PcCustomer = z.object({
    id: z.guid(),
    /** `email`: the customer's admin contact, as Partner Center keeps it. */
    companyProfile: z.object({ tenantId: z.guid(), companyName: z.string(), email: z.email().optional() }),
    billingProfile: z.object({ defaultAddress: z.object({ country: z.string().length(2) }) }),
    relationshipToPartner: z.enum(['reseller', 'advisor', 'none']),
    /** The indirect reseller the customer was sold through (an indirect provider's list); absent for a direct sale. */
    associatedPartnerId: z.string().optional(),
    attributes: Attributes('Customer'),
});
export type PcCustomer = z.infer<typeof PcCustomer>;

export const PcSubscription = z.object({
    id: z.string(),
    offerName: z.string(),
    quantity: z.number().int(),
    /** `overage` on SKUs that allow pay-as-you-go overage; absent or null otherwise. */
    consumptionType: z.enum(['overage']).nullable().optional(),
    creationDate: z.iso.datetime({ offset: true }),
    /** In two-tier sales, the indirect reseller's id. */
    partnerId: z.string(),
    status: z.enum(['active', 'suspended', 'deleted']),
    /** Calling minutes of the SKU, from the product catalog; null for SKUs without calling minutes. */
    callingPlan: CallingPlan.nullable().optional(),
    attributes: Attributes('Subscription'),
});
export type PcSubscription = z.infer<typeof PcSubscription>;

export const PcCollection = <T extends z.ZodType>(item: T) => z.object({
    totalCount: z.number().int().min(0),
    items: z.array(item),
    attributes: Attributes('Collection'),
});

/** A link of a Partner Center resource: where to go next, and the headers to send there (a continuation token). */
const PcLink = z.object({
    uri: z.string(),
    method: z.string(),
    headers: z.array(z.object({ key: z.string(), value: z.string() })).default([]),
});

/** The request header a page of a seek-based list is asked for with, carrying the token the page before linked to. */
export const CONTINUATION_TOKEN_HEADER = 'MS-ContinuationToken';

/** The continuation token a `next` link carries (header names compare case-insensitively). */
export function continuationTokenOf(link: { headers: Array<{ key: string; value: string }> }): string | undefined {
    return link.headers.find((h) => h.key.toLowerCase() === CONTINUATION_TOKEN_HEADER.toLowerCase())?.value;
}

/** One page of `GET /v1/customers`: `links.next` is there while more pages follow, and carries the continuation token. */
export const PcCustomerPage = PcCollection(PcCustomer).extend({
    links: z.object({
        next: PcLink.refine((l) => continuationTokenOf(l) !== undefined, { path: ['headers'], message: `a next link carries the ${CONTINUATION_TOKEN_HEADER} header` }).optional(),
    }).optional(),
});
export type PcCustomerPage = z.infer<typeof PcCustomerPage>;

export const PcAzureEntitlement = z.object({
    id: z.guid(),
    friendlyName: z.string(),
    status: z.enum(['active', 'disabled']),
    subscriptionType: z.string(),
});
export type PcAzureEntitlement = z.infer<typeof PcAzureEntitlement>;

/** The customer's Azure standing as Partner Center reports it. */
export const PcAzurePlanState = z.object({
    /** `legacy`: on the MS-AZR-0145P offer; `plan`: an Azure plan; `none`: no Azure yet. */
    state: z.enum(['none', 'legacy', 'plan']),
    mcaAccepted: z.boolean(),
    transition: z.enum(['notStarted', 'inProgress', 'completed']),
});
export type PcAzurePlanState = z.infer<typeof PcAzurePlanState>;

export const PcPartnerProfile = z.object({
    partnerId: z.string(),
    companyName: z.string(),
    partnerType: z.enum(['direct', 'indirectProvider', 'indirectReseller']),
    indirectProviderId: z.string().nullable(),
    isSandbox: z.boolean(),
    sandboxAzurePlanAccess: z.boolean(),
});
export type PcPartnerProfile = z.infer<typeof PcPartnerProfile>;

/**
 * The partner's legal business profile (`GET /v1/profiles/legalbusiness`): the
 * company and its primary contact, whom a handover mails. Only what the app
 * reads is checked; the address, vetting status and the rest pass through.
 */
export const PcLegalBusinessProfile = z.object({
    companyName: z.string().min(1),
    primaryContact: z.object({
        firstName: z.string().nullish(),
        lastName: z.string().nullish(),
        email: z.email(),
        phoneNumber: z.string().nullish(),
    }),
});
export type PcLegalBusinessProfile = z.infer<typeof PcLegalBusinessProfile>;

export const PcAgentRoles = z.object({
    upn: z.string(),
    roles: z.array(AgentRole),
});
export type PcAgentRoles = z.infer<typeof PcAgentRoles>;

/**
 * A Control Panel Vendor's application consent in a customer's tenant: its
 * app, and per API (the enterprise application, e.g. Microsoft Graph's
 * `00000003-0000-0000-c000-000000000000`) the permissions, comma-separated.
 */
export const PcApplicationConsent = z.looseObject({
    applicationId: z.string().min(1),
    displayName: z.string().optional(),
    applicationGrants: z.array(z.looseObject({ enterpriseApplicationId: z.string().min(1), scope: z.string().min(1) })).min(1),
});
export type PcApplicationConsent = z.infer<typeof PcApplicationConsent>;

/** One of an indirect provider's indirect resellers (`relationship_type=IsIndirectCloudSolutionProviderOf`). */
export const PcPartnerRelationship = z.object({
    id: z.string(),
    name: z.string(),
    relationshipType: z.string(),
    state: z.string().optional(),
    /** The reseller's partner id (MPN id): what an overage update names as `partnerId`. */
    mpnId: z.string(),
    attributes: Attributes('PartnerRelationship'),
});
export type PcPartnerRelationship = z.infer<typeof PcPartnerRelationship>;

