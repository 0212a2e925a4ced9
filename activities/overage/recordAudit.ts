// Step 9a: one audit document per step; its id comes from the run and the step
// number, so a retried activity writes the same document again, not a second one.
import { recordAuditEvent } from '../../shared/features/overage/audit';
import { getStateStore } from '../../shared/adapters/runtime';
import { recordAudit } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(recordAudit, async (event) => {
    await recordAuditEvent(getStateStore(), event);
    return { recorded: true };
});
