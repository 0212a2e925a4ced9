// The run's last step: its end on its record, and the customer and service
// free for the next run (see shared/features/overage/runs.ts). Repeating it is harmless.
import { endRun } from '../../shared/features/overage/runs';
import { finishRun } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const finishRunActivity = implement(finishRun, async ({ customerTenantId, runId, status, at, outcome, fault }, { stateStore }) => {
    await endRun(stateStore, customerTenantId, runId, { status, at, by: 'run', outcome, fault });
    return { recorded: true };
});
