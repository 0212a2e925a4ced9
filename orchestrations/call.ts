// Typed calls from orchestrators: `const x = yield* call(ctx, verifyCaller, input)`.
// The output is checked against the step's schema (pure, so replay-safe).
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Step } from '../shared/workflow/step';

/** Transient faults (Partner Center throttling, timeouts that survived the client's own retries) get a few more tries. */
export const STEP_RETRY = Object.assign(new df.RetryOptions(5_000, 4), { backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 60_000 });

export function* call<I, O>(ctx: OrchestrationContext, s: Step<I, O>, input: I, retry: df.RetryOptions | null = STEP_RETRY): Generator<Task, O, unknown> {
    const raw: unknown = yield retry ? ctx.df.callActivityWithRetry(s.name, retry, input) : ctx.df.callActivity(s.name, input);
    return s.output.parse(raw);
}

/** Waits on a durable timer (no I/O, no clock: the time comes from the orchestration context). */
export function* sleep(ctx: OrchestrationContext, ms: number): Generator<Task, void, unknown> {
    yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + ms));
}
