// Every overage run the same way round its own steps: a business outcome is
// recorded on the run (which frees the customer and service for the next
// one); a fault that survived the retries of its call is recorded as a final
// audit event, a final custom status and a problem-like fault (code, detail,
// remedy; no internal URL), and then fails the instance.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { RunInput } from '../shared/core/overage/enablement';
import { faultOf } from '../shared/core/faults/stepFault';
import { call } from './call';
import { RunProgress } from './runProgress';
import { finishRun } from '../shared/core/steps/overageSteps';

export function lifecycle<I extends RunInput, O extends Record<string, unknown>>(
    parse: (raw: unknown) => I,
    body: (ctx: OrchestrationContext, input: I, progress: RunProgress) => Generator<Task, O, unknown>,
) {
    return function* (ctx: OrchestrationContext): Generator<Task, O, unknown> {
        const input = parse(ctx.df.getInput());
        const progress = new RunProgress(ctx, input);
        const finish = { customerTenantId: input.customerTenantId, runId: progress.id };
        let outcome: O;
        try {
            outcome = yield* body(ctx, input, progress);
        } catch (err) {
            const fault = faultOf(err);
            const step = progress.step;
            progress.status('failed', { failedAt: step, error: fault });
            yield* progress.audit(step, 'failed', `${fault.code}: ${fault.detail}`);
            yield* call(ctx, finishRun, { ...finish, status: 'failed', at: progress.nowIso(), fault });
            throw new Error(`${fault.code}: ${fault.detail}`);
        }
        yield* call(ctx, finishRun, { ...finish, status: 'completed', at: progress.nowIso(), outcome });
        return outcome;
    };
}
