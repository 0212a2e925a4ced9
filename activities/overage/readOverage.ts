// Step 8, read back: the customer's overage setting for the service as Partner Center reports it now.
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { readOverage } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(readOverage, async ({ customerTenantId, agent, service }) => ({
    current: (await microsoftClients(agent).partnerCenter.overage(customerTenantId)).items.find((i) => i.type === service) ?? null,
}));
