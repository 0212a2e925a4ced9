// The Azure subscriptions a partner may name for a customer's overage charges
// (the picker of an enablement): read as the enablement run reads them
// (azureStanding: billing for an Azure plan, Partner Center otherwise), and
// each one, and "new", judged by rule 3's alignAzurePlan, the rule the run
// applies to the request, so the picker offers only what the run will take.
import { z } from 'zod';
import type { Caller } from '../../core/domain/partner';
import { alignAzurePlan, type AzureTarget } from '../../core/domain/rules/azurePlan';
import type { AzureFacts } from '../../core/steps/overageSteps';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { azureStanding } from './azureStanding';

const Choice = z.object({
    allowed: z.boolean(),
    reason: z.object({ code: z.string(), detail: z.string() }).optional().describe('Why not, when `allowed` is false.'),
});

export const AzureSubscriptionChoices = z.object({
    customerTenantId: z.guid(),
    azurePlan: z.enum(['plan', 'legacy', 'none']).describe('`plan`: an Azure plan; `legacy`: the legacy offer MS-AZR-0145P (moved to a plan first); `none`: no Azure yet (a no-cost plan is created).'),
    items: z.array(Choice.extend({
        id: z.string().describe('The Azure subscription id: the `azureEntitlementId` of an enablement.'),
        name: z.string().describe('Its friendly name.'),
        state: z.enum(['active', 'legacy']).describe('`active`: under the Azure plan; `legacy`: a subscription of the legacy offer, suspended when the customer moves to a plan.'),
    })),
    newSubscription: Choice.extend({ name: z.string().nullable().describe('The name the new subscription will get.') }).describe('Whether `"new"` may be asked for.'),
});
export type AzureSubscriptionChoices = z.infer<typeof AzureSubscriptionChoices>;

export async function azureSubscriptionChoices(ms: MicrosoftClients, caller: Caller, profile: PcPartnerProfile, customerTenantId: string): Promise<AzureSubscriptionChoices> {
    // an indirect reseller has no billing account of its own: Partner Center's view is all there is (as in the run)
    const azure = await azureStanding(ms, profile.partnerType === 'indirectReseller' ? null : caller.partnerId, customerTenantId);
    return {
        customerTenantId,
        azurePlan: azure.kind,
        items: azure.entitlements.map((e) => ({ id: e.id, name: e.name, state: azure.kind === 'legacy' ? 'legacy' as const : 'active' as const, ...judge(azure, e.id) })),
        newSubscription: { ...judge(azure, 'new'), name: newName(azure) },
    };
}

function judge(azure: AzureFacts, target: AzureTarget) {
    const step = alignAzurePlan(azure, target);
    return step.step === 'refused' ? { allowed: false, reason: { code: step.code, detail: step.detail } } : { allowed: true };
}

function newName(azure: AzureFacts): string | null {
    const step = alignAzurePlan(azure, 'new');
    return step.step === 'createSubscriptionUnderPlan' || step.step === 'createNoCostPlan' ? step.displayName : null;
}
