// The customer's Azure standing in the domain's terms, from Partner Center's
// Azure plan state and entitlement list.
import type { AzureState } from '../domain/customer';
import type { PcAzureEntitlement, PcAzurePlanState } from './schemas';

export function azureFacts(plan: PcAzurePlanState, entitlements: PcAzureEntitlement[]): AzureState & { transition: PcAzurePlanState['transition'] } {
    return { kind: plan.state, mcaAccepted: plan.mcaAccepted, transition: plan.transition, entitlements: entitlements.map((e) => ({ id: e.id, name: e.friendlyName })) };
}
