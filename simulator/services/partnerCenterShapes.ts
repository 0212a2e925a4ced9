// Partner Center's resources as its REST API returns them. Customers,
// subscriptions (with the published `consumptionType`), indirect-reseller
// relationships, the legal business profile and the overage collection
// follow Microsoft's documented shapes; the partner profile fields, agent
// roles, Azure entitlements per customer, the Azure plan state and a
// subscription's calling plan are modelled (see docs/simulator.md).
import { LEGACY_AZURE_OFFER } from '../rules/azurePlan';
import type { RecordView } from '../rules/overageRecord';
import type { TransitionStatus } from '../state/cloudState';
import type { AgentRole, Customer, LicenseSubscription, Partner } from '../world';

const attributes = (objectType: string) => ({ objectType });

export function collection<T>(items: T[]) {
    return { totalCount: items.length, items, attributes: attributes('Collection') };
}

export function partnerProfile(p: Partner) {
    return {
        partnerId: p.id, companyName: p.name, partnerType: p.kind, indirectProviderId: p.providerId,
        isSandbox: p.sandbox, sandboxAzurePlanAccess: p.sandboxAzurePlanAccess, attributes: attributes('PartnerProfile'),
    };
}

/**
 * The legal business profile's published fields that the world holds: the
 * company name and the primary contact's mail. The world names no person, so
 * the contact's first name is its mailbox name and the last name is empty;
 * the address and the vetting state are not modelled.
 */
export function legalBusinessProfile(p: Partner) {
    return {
        companyName: p.name,
        primaryContact: { firstName: p.adminContact.split('@')[0], lastName: '', email: p.adminContact, phoneNumber: '' },
        profileType: 'legal_business_profile',
        attributes: attributes('LegalBusinessProfile'),
    };
}

export function partnerRelationship(p: Partner, relationshipType: string) {
    return { id: p.id, name: p.name, relationshipType, state: 'Active', mpnId: p.id, attributes: attributes('PartnerRelationship') };
}

export function agentRolesView(upn: string, roles: AgentRole[]) {
    return { upn, roles };
}

/** `associatedPartnerId`: the indirect reseller the customer was sold through, when there is one. */
export function customerView(c: Customer, associatedPartnerId?: string) {
    return {
        id: c.tenantId,
        companyProfile: { tenantId: c.tenantId, companyName: c.name, email: c.adminContact },
        billingProfile: { defaultAddress: { country: c.country } },
        relationshipToPartner: 'reseller',
        ...(associatedPartnerId === undefined ? {} : { associatedPartnerId }),
        attributes: attributes('Customer'),
    };
}

const link = (uri: string, headers: Array<{ key: string; value: string }> = []) => ({ uri, method: 'GET', headers });

/**
 * One page of a seek-based list (`GET /v1/customers`): `totalCount` counts the
 * items of this page, as Partner Center's collections do; every page but the
 * last links to the next, whose request carries the token in the header named.
 */
export function seekCollection<T>(items: T[], path: string, size: number, next?: { header: string; token: string }) {
    const self = `${path}?size=${size}`;
    return {
        totalCount: items.length,
        items,
        links: { self: link(self), ...(next ? { next: link(`${self}&seekOperation=Next`, [{ key: next.header, value: next.token }]) } : {}) },
        attributes: attributes('Collection'),
    };
}

export function subscriptionView(s: LicenseSubscription) {
    return {
        id: s.id, offerName: s.sku, friendlyName: s.sku, quantity: s.quantity, consumptionType: s.consumptionType,
        creationDate: s.purchasedAt, partnerId: s.partnerId, status: 'active', callingPlan: s.plan, attributes: attributes('Subscription'),
    };
}

/** The customer's Azure subscriptions: those of its Azure plan, or its legacy-offer ones. */
export function azureEntitlementsView(c: Customer) {
    if (c.azure.kind === 'none') return [];
    const subscriptionType = c.azure.kind === 'legacy' ? LEGACY_AZURE_OFFER : 'AzurePlan';
    return c.azure.entitlements.map((e) => ({ id: e.id, friendlyName: e.name, status: 'active', subscriptionType }));
}

export function azurePlanView(c: Customer, transition: TransitionStatus) {
    return { state: c.azure.kind, mcaAccepted: c.azure.mcaAccepted, transition };
}

export function overageItem(r: Pick<RecordView, 'azureEntitlementId' | 'partnerId' | 'type' | 'overageEnabled'>) {
    return { azureEntitlementId: r.azureEntitlementId, partnerId: r.partnerId, type: r.type, overageEnabled: r.overageEnabled, attributes: attributes('Overage') };
}
