// Step 5: starts moving a legacy Azure offer to an Azure plan (repeating it while it runs is harmless).
import { azureStanding } from '../../shared/features/overage/azureStanding';
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { startPlanTransition } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(startPlanTransition, async ({ customerTenantId, agent }) => {
    const ms = microsoftClients(agent);
    const plan = await ms.partnerCenter.startAzurePlanTransition(customerTenantId);
    return azureStanding(ms, agent.partnerId, customerTenantId, plan);
});
