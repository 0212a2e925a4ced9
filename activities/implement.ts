// An activity for a step contract: its handler, given the step's input and
// the app's Dependencies (built once at start and handed in when the flow's
// activities are registered, as Temporal builds activities from a factory).
// Input is validated on the way in, output on the way out, so a bad value
// fails the step where it arises. A failure leaves as a StepFault (code,
// detail, remedy; no internal URL); the full error, upstream URL included,
// goes to the log only.
import type { FunctionInput, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { faultOf, StepFault } from '../shared/core/faults/stepFault';
import type { Step } from '../shared/core/steps/step';

export type ActivityHandler<I, O> = (input: I, deps: Dependencies, ctx: InvocationContext) => Promise<O>;

export interface ActivityOptions {
    /** Input bindings besides the trigger, e.g. `df.input.durableClient()` for an activity that starts orchestrations (`df.getClient(ctx)`). */
    extraInputs?: FunctionInput[];
}

export interface Activity<I, O> extends ActivityOptions {
    readonly step: Step<I, O>;
    readonly handler: ActivityHandler<I, O>;
}

/** Declares the activity of `step`; registerActivities registers it with the app's dependencies. */
export function implement<I, O>(step: Step<I, O>, handler: ActivityHandler<I, O>, options: ActivityOptions = {}): Activity<I, O> {
    return { step, handler, ...options };
}

/** Runs an activity as the Durable host does: checked input, the handler with `deps`, checked output, a failure as a StepFault. */
export async function runActivity<I, O>(a: Activity<I, O>, raw: unknown, deps: Dependencies, ctx: InvocationContext): Promise<O> {
    try {
        return a.step.output.parse(await a.handler(a.step.input.parse(raw), deps, ctx));
    } catch (err) {
        if (err instanceof StepFault) throw err;
        ctx.error(`${a.step.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        throw new StepFault(faultOf(err));
    }
}

/** Registers each activity under its step's name, with `deps` handed in. */
export function registerActivities(activities: ReadonlyArray<Activity<any, any>>, deps: Dependencies): void {
    for (const a of activities) {
        df.app.activity(a.step.name, { ...(a.extraInputs ? { extraInputs: a.extraInputs } : {}), handler: (raw: unknown, ctx: InvocationContext) => runActivity(a, raw, deps, ctx) });
    }
}
