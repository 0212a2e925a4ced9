// Typed calls from orchestrators: `const x = yield* call(ctx, verifyCaller, input)`.
// The output is checked against the step's schema (pure, so replay-safe).
// No Durable retry here: each call to Microsoft already retries transient
// faults within its budget (shared/adapters/http/jsonClient.ts), and a second policy
// on top would multiply the attempts.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Step } from '../shared/core/steps/step';

export function* call<I, O>(ctx: OrchestrationContext, s: Step<I, O>, input: I): Generator<Task, O, unknown> {
    const raw: unknown = yield ctx.df.callActivity(s.name, input);
    return s.output.parse(raw);
}

/** Calls a step once per input, all at once (Task.all); each output is checked as call() checks it, in the inputs' order. */
export function* callAll<I, O>(ctx: OrchestrationContext, s: Step<I, O>, inputs: readonly I[]): Generator<Task, O[], unknown> {
    const raw = (yield ctx.df.Task.all(inputs.map((input) => ctx.df.callActivity(s.name, input)))) as unknown[];
    return raw.map((r) => s.output.parse(r));
}

/** Waits on a durable timer (no I/O, no clock: the time comes from the orchestration context). */
export function* sleep(ctx: OrchestrationContext, ms: number): Generator<Task, void, unknown> {
    yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + ms));
}
