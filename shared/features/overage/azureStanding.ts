// The customer's Azure standing in the domain's terms. Whether it has an
// Azure plan, and which subscriptions it holds under it, come from Azure's
// billing API (published, read through @azure/arm-billing); what Azure
// billing does not show (a legacy MS-AZR-0145P offer, the Microsoft Customer
// Agreement, the transition between them) comes from Partner Center.
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { AzureFacts } from '../../core/steps/overageSteps';
import { UpstreamNotFoundError } from '../../core/faults/upstreamErrors';
import type { PcAzureEntitlement, PcAzurePlanState } from '../../adapters/partnerCenter/partnerCenterSchemas';

/**
 * `billedThrough`: the partner whose Microsoft Partner Agreement billing account to read, or
 * null for an indirect reseller, which has none (its provider's is not its to read): then
 * Partner Center's view is all there is.
 */
export async function azureStanding(ms: MicrosoftClients, billedThrough: string | null, customerTenantId: string, known?: PcAzurePlanState): Promise<AzureFacts> {
    const account = billedThrough === null ? null : ms.billingAccount(billedThrough);
    const [pc, billing] = await Promise.all([
        known ?? ms.partnerCenter.azurePlan(customerTenantId),
        account === null ? null : ms.billing.customer(account, customerTenantId).catch((err: unknown) => {
            // not a billing customer of this partner (yet): it has no Azure plan through it
            if (err instanceof UpstreamNotFoundError) return null;
            throw err;
        }),
    ]);
    if (account !== null && billing?.enabledAzurePlans.length) {
        const subscriptions = await ms.billing.subscriptions(account, customerTenantId);
        const active = subscriptions.filter((s) => s.status.toLowerCase() === 'active');
        return { kind: 'plan', mcaAccepted: pc.mcaAccepted, transition: pc.transition, entitlements: active.map((s) => ({ id: s.subscriptionId, name: s.displayName })) };
    }
    // through this partner's billing: a legacy offer, or no Azure; for a reseller: whatever Partner Center says
    const kind = account === null ? pc.state : pc.state === 'legacy' ? 'legacy' : 'none';
    const entitlements = kind === 'none' ? [] : await ms.partnerCenter.azureEntitlements(customerTenantId);
    return { kind, mcaAccepted: pc.mcaAccepted, transition: pc.transition, entitlements: entitlements.map(entitlement) };
}
function entitlement(e: PcAzureEntitlement) {
    return { id: e.id, name: e.friendlyName };
}
