// Step 9a: one audit document per step; its id comes from the run and the step
// number, so a retried activity writes the same document again, not a second one.
import { recordAuditEvent } from '../../shared/features/overage/audit';
import { recordAudit } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const recordAuditActivity = implement(recordAudit, async (event, { stateStore }) => {
    await recordAuditEvent(stateStore, event);
    return { recorded: true };
});
