// Step 8, read back: the customer's overage setting for the service as Partner Center reports it now.
import { readOverage } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const readOverageActivity = implement(readOverage, async ({ customerTenantId, caller, service }, { microsoft }) => ({
    current: (await microsoft(caller).partnerCenter.overage(customerTenantId)).items.find((i) => i.type === service) ?? null,
}));
