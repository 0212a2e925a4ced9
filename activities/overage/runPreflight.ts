// Step 4: rule 8 over the customer's tenant policies (GDAP, Conditional
// Access, allowed locations), the partner account and the Azure offer.
import { preflightBlockers } from '../../shared/core/domain/rules/preflight';
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { runPreflight } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(runPreflight, async ({ customerTenantId, agent, partner, customer, azure }) => {
    const policies = await microsoftClients(agent).policies.policies(customerTenantId, azure.entitlements.map((e) => e.id));
    return { blockers: preflightBlockers({ partner, customer: { name: customer.name, azure, policies } }) };
});
