// What stops Microsoft from switching overage on even when the request is in
// order: the partner account cannot provision Azure plans (a sandbox without
// that access), the partner's GDAP access does not reach the customer's Azure
// subscriptions, a Conditional Access token-protection policy stops the token
// exchange, or an "allowed locations" policy keeps Microsoft from creating
// the resource group overage is recorded in (`M365`).
import type { Customer, Partner } from '../world';
import { Refusal, refusal } from './refusal';

/** The resource group Microsoft records overage in. */
export const OVERAGE_RESOURCE_GROUP = 'M365';

/** The first thing (in the order Microsoft's setup meets them) that stops overage from being switched on. */
export function refuseNotReady(transacting: Partner, customer: Customer): Refusal | undefined {
    if (transacting.sandbox && !transacting.sandboxAzurePlanAccess) {
        return refusal(403, 'sandbox-no-azure-plan', `${transacting.name} (${transacting.id}) is a sandbox account without access to provision Azure plans, which overage needs.`);
    }
    const { policies } = customer;
    if (!policies.gdapAzureAccess) {
        return refusal(403, 'gdap-missing', `${transacting.name} has no granular delegated admin (GDAP) access to the Azure subscriptions of ${customer.name}.`);
    }
    if (policies.conditionalAccessTokenProtection) {
        return refusal(403, 'conditional-access-blocked', `A Conditional Access policy of ${customer.name} enforces token protection, which stops the token exchange overage needs.`);
    }
    // Microsoft does not say where it puts the group, so any allowed-locations restriction is taken to block it
    if (policies.allowedLocations !== null) {
        return refusal(403, 'location-policy-blocked', `An "allowed locations" Azure Policy of ${customer.name} (${policies.allowedLocations.join(', ') || 'no region'}) blocks the resource group ${OVERAGE_RESOURCE_GROUP} overage is recorded in.`);
    }
    return undefined;
}
