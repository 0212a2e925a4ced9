// The run's last step: its end on its record, and the customer and service
// free for the next run (see shared/features/overage/runs.ts); then the
// partners' fleet views of the customer are assessed again. Repeating it is harmless.
import { endRun } from '../../shared/features/overage/runs';
import { reassessAfterRun } from '../../shared/features/readiness/afterRun';
import { finishRun } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const finishRunActivity = implement(finishRun, async ({ customerTenantId, runId, status, at, outcome, fault }, deps, ctx) => {
    const ended = await endRun(deps.stateStore, customerTenantId, runId, { status, at, by: 'run', outcome, fault });
    // the fleet view follows the run; it never fails the run's end
    if (ended) await reassessAfterRun(deps, ended, (m) => ctx.warn(m)).catch((err: unknown) => ctx.warn(`fleet: not updated after run ${runId}: ${err instanceof Error ? err.message : String(err)}`));
    return { recorded: true };
});
