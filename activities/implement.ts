// Registers an activity for a step contract: input validated on the way in,
// output on the way out, so a bad value fails the step where it arises.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Step } from '../shared/workflow/step';

export function implement<I, O>(s: Step<I, O>, handler: (input: I, ctx: InvocationContext) => Promise<O>): void {
    df.app.activity(s.name, {
        handler: async (raw: unknown, ctx: InvocationContext) => s.output.parse(await handler(s.input.parse(raw), ctx)),
    });
}
