// The customer's Azure standing and subscriptions (Partner Center).
import { microsoftClients } from '../shared/microsoftClients';
import { azureFacts } from '../shared/partnerCenter/azureFacts';
import { readAzure } from '../orchestrations/steps';
import { implement } from './implement';

implement(readAzure, async ({ customerTenantId, agent }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const [plan, entitlements] = await Promise.all([pc.azurePlan(customerTenantId), pc.azureEntitlements(customerTenantId)]);
    return azureFacts(plan, entitlements);
});
