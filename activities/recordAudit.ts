// Step 9a: one audit document per step; its id comes from the run and the step
// number, so a retried activity writes the same document again, not a second one.
import { recordAuditEvent } from '../shared/overage/audit';
import { getStateStore } from '../shared/runtime';
import { recordAudit } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(recordAudit, async (event) => {
    await recordAuditEvent(getStateStore(), event);
    return { recorded: true };
});
