// A durable step's contract: its name and the zod schemas of its input and
// output. Orchestrators import only these (no I/O code); activities implement
// them. A renamed step or a changed shape is then a compile error, not a
// replay surprise.
import type { z } from 'zod';

export interface Step<I, O> {
    readonly name: string;
    readonly input: z.ZodType<I>;
    readonly output: z.ZodType<O>;
}

export function step<I, O>(name: string, input: z.ZodType<I>, output: z.ZodType<O>): Step<I, O> {
    return { name, input, output };
}
