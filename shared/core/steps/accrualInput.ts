// A month's accrual job as it is asked for (by the timer, an operator or a
// partner's admin agent) and carried from one execution to the next.
import { z } from 'zod';
import { Caller } from '../domain/partner';
import { Month } from '../rating/month';

export const AccrualInput = z.object({
    month: Month,
    /** A partner's own run rates only its customers; absent for the timer's and an operator's run. */
    caller: Caller.optional(),
    /** The timer's run first records the opening credits of this month (the one that just began). */
    snapshotMonth: Month.optional(),
    requestedAt: z.iso.datetime(),
    /** Carried across continueAsNew: the customers, how far the run got, and what it found so far. */
    progress: z.object({
        customers: z.array(z.guid()),
        done: z.number().int(),
        partnerIds: z.array(z.string()),
        incomplete: z.array(z.guid()),
        failed: z.array(z.object({ customerTenantId: z.guid(), error: z.string() })),
    }).optional(),
});
export type AccrualInput = z.infer<typeof AccrualInput>;

export const AccrualOutcome = z.object({
    month: Month, customers: z.number().int(), incomplete: z.array(z.guid()),
    failed: z.array(z.object({ customerTenantId: z.guid(), error: z.string() })), partnerIds: z.array(z.string()),
});
export type AccrualOutcome = z.infer<typeof AccrualOutcome>;
