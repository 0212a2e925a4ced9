// Rule 8: the usual reasons enabling overage fails, checked before anything is
// changed so the partner gets one list of things to fix instead of a failed
// run. The order of the list is stable: access first, then tenant policies,
// then the partner account, then the Azure offer.
import { OVERAGE_RESOURCE_GROUP, type Customer } from '../customer';
import { blocker, type BlockerOf } from '../findings';
import type { Partner } from '../partner';
import { mcaNotAccepted } from './azurePlan';

export const PREFLIGHT_CODES = [
    'gdap-missing',
    'conditional-access-blocked',
    'location-policy-blocked',
    'sandbox-no-azure-plan',
    'mca-not-accepted',
] as const;
export type PreflightCode = (typeof PREFLIGHT_CODES)[number];

export interface PreflightInput {
    partner: Pick<Partner, 'name' | 'sandbox' | 'sandboxAzurePlanAccess'>;
    customer: Pick<Customer, 'name' | 'azure' | 'policies'>;
}

export function preflightBlockers({ partner, customer }: PreflightInput): BlockerOf<PreflightCode>[] {
    const found: BlockerOf<PreflightCode>[] = [];
    const { policies } = customer;

    if (!policies.gdapAzureAccess) {
        found.push(blocker('gdap-missing',
            `${partner.name} has no granular delegated admin (GDAP) access to the Azure subscriptions of ${customer.name}, which is needed to attach overage to one of them.`,
            `Set up a GDAP relationship with ${customer.name} whose roles reach its Azure subscriptions. To check, follow the Azure resources link on the customer's subscriptions page in Partner Center: if you cannot get into the customer's tenant, access is still missing.`));
    }
    if (policies.conditionalAccessTokenProtection) {
        found.push(blocker('conditional-access-blocked',
            `A Conditional Access policy in ${customer.name}'s Microsoft Entra tenant enforces token protection, which stops the token exchange that enabling overage relies on.`,
            `Ask ${customer.name}'s identity admin to exclude this operation from the token protection policy for the duration of the set-up (or relax its grant controls), then retry; Azure support can help via a ticket in the Azure portal.`));
    }
    // Microsoft does not say which location it gives the group, so any allowed-locations restriction may stop it
    if (policies.allowedLocations !== null) {
        const listed = policies.allowedLocations.length > 0 ? policies.allowedLocations.join(', ') : 'no location at all';
        found.push(blocker('location-policy-blocked',
            `An "allowed locations" Azure Policy of ${customer.name} permits only ${listed}. Microsoft creates the resource group ${OVERAGE_RESOURCE_GROUP.name}, which overage charges are recorded in, at a location it does not publish, so the policy can stop it.`,
            `Ask ${customer.name} to exempt the resource group ${OVERAGE_RESOURCE_GROUP.name} from its allowed-locations policies (both the one for resources and the one for resource groups), or to lift them while overage is switched on, then retry; Azure support can help adjust the policy.`));
    }
    if (partner.sandbox && !partner.sandboxAzurePlanAccess) {
        found.push(blocker('sandbox-no-azure-plan',
            `${partner.name} is a sandbox account, and sandbox accounts cannot provision Azure plans unless Microsoft has granted access; managing overage needs that ability.`,
            'Apply to Microsoft for Azure plan access for the sandbox account (see the Azure plan sandbox documentation), or use the production partner account.'));
    }
    if (customer.azure.kind === 'legacy' && !customer.azure.mcaAccepted) {
        found.push(mcaNotAccepted());
    }
    return found;
}
