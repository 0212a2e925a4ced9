// Step 9a: one audit document per step; its id comes from the run and the step
// number, so a retried activity writes the same document again, not a second one.
import { CONTAINERS } from '../shared/overage/containers';
import { getStateStore } from '../shared/runtime';
import { recordAudit } from '../orchestrations/steps';
import { implement } from './implement';

implement(recordAudit, async (event) => {
    await getStateStore().upsert(CONTAINERS.audit, event.customerTenantId, event);
    return { recorded: true };
});
