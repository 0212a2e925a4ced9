// The run's last step: its end on its record, and the customer and service
// free for the next run (see shared/overage/runs.ts). Repeating it is harmless.
import { endRun } from '../shared/overage/runs';
import { getStateStore } from '../shared/runtime';
import { finishRun } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(finishRun, async ({ customerTenantId, runId, status, at, outcome, fault }) => {
    await endRun(getStateStore(), customerTenantId, runId, { status, at, by: 'run', outcome, fault });
    return { recorded: true };
});
