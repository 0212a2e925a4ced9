// Step 5: starts moving a legacy Azure offer to an Azure plan (repeating it while it runs is harmless).
import { azureStanding } from '../../shared/features/overage/azureStanding';
import { startPlanTransition } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const startPlanTransitionActivity = implement(startPlanTransition, async ({ customerTenantId, caller }, { microsoft }) => {
    const ms = microsoft(caller);
    const plan = await ms.partnerCenter.startAzurePlanTransition(customerTenantId);
    return azureStanding(ms, caller.partnerId, customerTenantId, plan);
});
