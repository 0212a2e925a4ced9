// Step 8: asks Partner Center to set overage (asynchronous; readOverage.ts reads it back).
// A refusal Partner Center answers is the run's blocker, not a fault.
import { refusalOf } from '../../shared/adapters/partnerCenter/refusals';
import { requestOverage } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const requestOverageActivity = implement(requestOverage, async ({ customerTenantId, caller, azureEntitlementId, overageEnabled, resellerId }, { microsoft }) => {
    try {
        await microsoft(caller).partnerCenter.updateOverage(customerTenantId, { azureEntitlementId, overageEnabled, ...(resellerId ? { partnerId: resellerId } : {}) });
        return { ok: true as const };
    } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return { ok: false as const, blocker: refusal };
        throw err;
    }
});
