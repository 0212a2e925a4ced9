// The customer's Azure standing and subscriptions (Partner Center).
import { microsoftClients } from '../shared/microsoftClients';
import { readAzure } from '../orchestrations/steps';
import { implement } from './implement';

implement(readAzure, async ({ customerTenantId, agent }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const [plan, entitlements] = await Promise.all([pc.azurePlan(customerTenantId), pc.azureEntitlements(customerTenantId)]);
    return { kind: plan.state, mcaAccepted: plan.mcaAccepted, transition: plan.transition, entitlements: entitlements.map((e) => ({ id: e.id, name: e.friendlyName })) };
});
