// The customer's Azure side of overage. Charges go to one Azure subscription
// under the customer's Azure plan. A customer on the legacy CSP Azure offer
// (MS-AZR-0145P) must move to an Azure plan first, and an Azure plan needs
// the customer to have accepted the Microsoft Customer Agreement (MCA).
import type { Customer, Partner, World } from '../world';
import { salesSeenBy } from './partnerAccounts';
import { Refusal, refusal } from './refusal';

export const LEGACY_AZURE_OFFER = 'MS-AZR-0145P';

/** Partner Center: the subscription named in an overage update must be one under the customer's Azure plan. */
export function refuseOverageSubscription(customer: Customer, azureEntitlementId: string): Refusal | undefined {
    if (customer.azure.kind === 'legacy') {
        return refusal(409, 'legacy-entitlement', `${customer.name} is on the legacy Azure offer ${LEGACY_AZURE_OFFER}; move it to an Azure plan before setting overage.`);
    }
    const id = azureEntitlementId.toLowerCase();
    if (customer.azure.kind === 'plan' && customer.azure.entitlements.some((e) => e.id.toLowerCase() === id)) return undefined;
    return refusal(400, 'entitlement-not-found', `${azureEntitlementId} is not an Azure subscription under the Azure plan of ${customer.name}.`);
}

/** Partner Center: moving from the legacy offer to an Azure plan. Undefined when it may start (or is already done). */
export function refuseTransition(customer: Customer): Refusal | undefined {
    if (customer.azure.kind === 'none') return refusal(409, 'no-legacy-offer', `${customer.name} has no Azure offer to move to an Azure plan.`);
    if (customer.azure.kind === 'legacy' && !customer.azure.mcaAccepted) {
        return refusal(409, 'mca-not-accepted', `${customer.name} has not accepted the Microsoft Customer Agreement, which an Azure plan requires.`);
    }
    return undefined;
}

/** ARM: a new subscription (an alias) under the customer's billing scope; the first one brings the Azure plan. */
export function refuseNewSubscription(world: World, partner: Partner, customer: Customer, resellerId: string | undefined): Refusal | undefined {
    if (customer.azure.kind === 'legacy') {
        return refusal(409, 'LegacyAzureOfferNotMigrated', `${customer.name} is still on the legacy Azure offer ${LEGACY_AZURE_OFFER}; move it to an Azure plan before creating subscriptions for it.`);
    }
    if (customer.azure.kind === 'none' && partner.sandbox && !partner.sandboxAzurePlanAccess) {
        return refusal(403, 'SandboxAzurePlanNotAllowed', `${partner.name} (${partner.id}) is a sandbox account without access to provision Azure plans.`);
    }
    if (customer.azure.kind === 'none' && !customer.azure.mcaAccepted) {
        return refusal(409, 'CustomerAgreementNotAccepted', `${customer.name} must accept the Microsoft Customer Agreement before it can get an Azure plan.`);
    }
    if (resellerId !== undefined && (resellerId === partner.id || !salesSeenBy(world, partner).has(resellerId))) {
        return refusal(400, 'InvalidResellerId', `${resellerId} is not an indirect reseller of partner ${partner.id}.`);
    }
    return undefined;
}
