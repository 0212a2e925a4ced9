// Registers an activity for a step contract: input validated on the way in,
// output on the way out, so a bad value fails the step where it arises. A
// failure leaves as a StepFault (code, detail, remedy; no internal URL); the
// full error, upstream URL included, goes to the log only.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { faultOf, StepFault } from '../shared/core/faults/stepFault';
import type { Step } from '../shared/core/steps/step';

export function implement<I, O>(s: Step<I, O>, handler: (input: I, ctx: InvocationContext) => Promise<O>): void {
    df.app.activity(s.name, {
        handler: async (raw: unknown, ctx: InvocationContext) => {
            try {
                return s.output.parse(await handler(s.input.parse(raw), ctx));
            } catch (err) {
                if (err instanceof StepFault) throw err;
                ctx.error(`${s.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
                throw new StepFault(faultOf(err));
            }
        },
    });
}
