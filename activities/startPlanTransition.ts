// Step 5: starts moving a legacy Azure offer to an Azure plan (repeating it while it runs is harmless).
import { azureStanding } from '../shared/billing/azureStanding';
import { microsoftClients } from '../shared/microsoftClients';
import { startPlanTransition } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(startPlanTransition, async ({ customerTenantId, agent }) => {
    const ms = microsoftClients(agent);
    const plan = await ms.partnerCenter.startAzurePlanTransition(customerTenantId);
    return azureStanding(ms, agent.partnerId, customerTenantId, plan);
});
