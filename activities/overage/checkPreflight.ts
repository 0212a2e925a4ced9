// Step 4: rule 8 over the customer's tenant policies (GDAP, Conditional
// Access, allowed locations), the partner account and the Azure offer.
import { preflightBlockers } from '../../shared/core/domain/rules/preflight';
import { checkPreflight } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const runPreflightActivity = implement(checkPreflight, async ({ customerTenantId, caller, partner, customer, azure }, { microsoft }) => {
    const policies = await microsoft(caller).policies.policies(customerTenantId, azure.entitlements.map((e) => e.id));
    return { blockers: preflightBlockers({ partner, customer: { name: customer.name, azure, policies } }) };
});
