// Step 5: starts moving a legacy Azure offer to an Azure plan (repeating it while it runs is harmless).
import { microsoftClients } from '../shared/microsoftClients';
import { azureFacts } from '../shared/partnerCenter/azureFacts';
import { startPlanTransition } from '../orchestrations/steps';
import { implement } from './implement';

implement(startPlanTransition, async ({ customerTenantId, agent }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const plan = await pc.startAzurePlanTransition(customerTenantId);
    const entitlements = await pc.azureEntitlements(customerTenantId);
    return azureFacts(plan, entitlements);
});
