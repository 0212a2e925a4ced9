// Step 8: asks Partner Center to set overage (asynchronous), and reads it back.
import { microsoftClients } from '../shared/adapters/microsoftClients';
import { refusalOf } from '../shared/adapters/partnerCenter/refusals';
import { readOverage, requestOverage } from '../shared/core/steps/overageSteps';
import { implement } from './implement';

implement(requestOverage, async ({ customerTenantId, agent, azureEntitlementId, overageEnabled, resellerId }) => {
    try {
        await microsoftClients(agent).partnerCenter.updateOverage(customerTenantId, { azureEntitlementId, overageEnabled, ...(resellerId ? { partnerId: resellerId } : {}) });
        return { ok: true as const };
    } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return { ok: false as const, blocker: refusal };
        throw err;
    }
});

implement(readOverage, async ({ customerTenantId, agent, service }) => ({
    current: (await microsoftClients(agent).partnerCenter.overage(customerTenantId)).items.find((i) => i.type === service) ?? null,
}));
