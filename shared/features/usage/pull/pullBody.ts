// What POST /api/customers/{id}/usage/pull may be sent: nothing (pull from the
// cursor), or the day to pull from instead.
import { z } from 'zod';
import { dayStart } from './pullSpan';

export const UsagePullBody = z.object({
    /** Pull from 00:00 UTC of this day instead of the cursor: a span read again, or a customer's first pull reaching further back. */
    from: z.string().refine((d) => dayStart(d) !== undefined, 'must be a day written YYYY-MM-DD').optional(),
}).strict();
export type UsagePullBody = z.infer<typeof UsagePullBody>;
