// The monthly accrual's durable steps (contracts only; activities/ implements them).
import { z } from 'zod';
import { Caller } from '../domain/partner';
import { Month } from '../rating/month';
import { step } from './step';

/** The customers to rate: those with usage that month (a partner's run: only its own customers). */
export const listAccrualCustomers = step('listAccrualCustomers', z.object({ month: Month, caller: Caller.optional() }), z.object({ customers: z.array(z.guid()) }));

/** Records every known customer's Communications Credits balance as the opening balance of `month`. */
export const snapshotCredits = step('snapshotCredits', z.object({ month: Month, at: z.iso.datetime() }), z.object({ customers: z.number().int(), recorded: z.number().int(), failed: z.number().int() }));

export const CustomerAccrual = z.object({
    customerTenantId: z.guid(),
    status: z.enum(['complete', 'incomplete', 'failed']),
    partnerIds: z.array(z.string()),
    lines: z.number().int(),
    error: z.string().optional(),
});
export type CustomerAccrual = z.infer<typeof CustomerAccrual>;

/**
 * Rates one customer-month and keeps the result (a fault is reported, not thrown: one customer never stops the month).
 * `partnerId`: a partner's own run, which keeps only that partner's lines (the others' stay as they were).
 */
export const accrueCustomer = step('accrueCustomer', z.object({ customerTenantId: z.guid(), month: Month, at: z.iso.datetime(), partnerId: z.string().optional() }), CustomerAccrual);

/** Mails each partner's admin contact the link to its reconciliation file (once per run and partner). */
export const notifyReconciliation = step('notifyReconciliation', z.object({ month: Month, partnerIds: z.array(z.string()), runId: z.string() }), z.object({ sent: z.array(z.string()) }));

