// Partner Center's shapes in the domain's terms: the one place that maps them,
// for the HTTP guard, the run's steps and the diagnostics alike.
import type { LicenseSubscription } from '../../core/domain/subscription';
import type { CustomerFacts, PartnerFacts } from '../../core/steps/overageSteps';
import type { PcCustomer, PcLegalBusinessProfile, PcPartnerProfile, PcSubscription } from './partnerCenterSchemas';

export function partnerFacts(p: PcPartnerProfile): PartnerFacts {
    return { id: p.partnerId, name: p.companyName, kind: p.partnerType, providerId: p.indirectProviderId, sandbox: p.isSandbox, sandboxAzurePlanAccess: p.sandboxAzurePlanAccess };
}

/** A served partner's name and the address its handover mails go to: the primary contact of its legal business profile. */
export function partnerContact(p: PcLegalBusinessProfile): { name: string; contact: string } {
    return { name: p.companyName, contact: p.primaryContact.email };
}

export function customerFacts(c: PcCustomer): CustomerFacts {
    return { tenantId: c.id, name: c.companyProfile.companyName, country: c.billingProfile.defaultAddress.country, adminContact: c.companyProfile.email ?? null };
}

/** The customer's active license subscriptions. */
export function licenseSubscriptions(items: PcSubscription[]): LicenseSubscription[] {
    return items
        .filter((s) => s.status === 'active')
        .map((s) => ({ id: s.id, partnerId: s.partnerId, sku: s.offerName, consumptionType: s.consumptionType ?? null, quantity: s.quantity, purchasedAt: s.creationDate, plan: s.callingPlan ?? null }));
}
