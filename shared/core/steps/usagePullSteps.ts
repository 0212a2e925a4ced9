// The daily usage pull's durable steps (contracts only; activities/usagePull/
// implements them) and what its orchestration carries from one execution to
// the next. The customers to pull stay in the store, in order (a roster the
// first step writes): the input holds the day, the batch size and a cursor,
// so it stays small for 10,000 customers.
import { z } from 'zod';
import { PartnerId } from '../domain/primitives';
import { step } from './step';

/** A UTC day, `YYYY-MM-DD`. */
export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day written YYYY-MM-DD');

/** A customer to pull, and the served partner whose agent reads its calls. */
export const PullTarget = z.object({ customerTenantId: z.guid(), partnerId: PartnerId });
export type PullTarget = z.infer<typeof PullTarget>;

const Count = z.number().int().min(0);

/** One customer's pull as the run sees it; a fault is reported here, never thrown: one customer never stops the others. */
export const CustomerPull = z.object({
    customerTenantId: z.guid(),
    state: z.enum(['ok', 'consent-missing', 'failed']),
    accepted: Count,
    duplicates: Count,
    /** The customer's cursor after the pull. */
    pulledThrough: z.iso.datetime().nullable(),
    error: z.string().optional(),
});
export type CustomerPull = z.infer<typeof CustomerPull>;

/** Writes the run's roster (customers with overage on or Communications Credits, from the read model) and says how many. */
export const listUsagePullCustomers = step('listUsagePullCustomers', z.object({ runId: z.string().min(1) }), z.object({ total: Count }));

/** The roster's customers from `offset` on, at most `limit`. */
export const nextUsagePullCustomers = step('nextUsagePullCustomers', z.object({ runId: z.string().min(1), offset: Count, limit: z.number().int().min(1) }), z.object({ customers: z.array(PullTarget) }));

/** Pulls one customer's usage from Microsoft Graph up to yesterday 24:00 UTC and stores its usage state. */
export const pullCustomerUsage = step('pullCustomerUsage', PullTarget.extend({ runId: z.string().min(1) }), CustomerPull);

/** Deletes the run's roster once every customer was pulled. */
export const endUsagePull = step('endUsagePull', z.object({ runId: z.string().min(1) }), z.object({ removed: Count }));

export const UsagePullProgress = z.object({
    total: Count,
    /** Customers pulled so far (the roster's place of the next one). */
    done: Count,
    ok: Count,
    consentMissing: Count,
    failed: Count,
    accepted: Count,
    /** The first failures, with their fault (the rest are counted and in each customer's usage state). */
    failures: z.array(z.object({ customerTenantId: z.guid(), state: z.enum(['consent-missing', 'failed']), error: z.string() })),
});
export type UsagePullProgress = z.infer<typeof UsagePullProgress>;

export const UsagePullInput = z.object({
    /** The UTC day the run is for (it pulls through the day before); the instance id is derived from it. */
    day: Day,
    /** Customers pulled at once (USAGE_PULL_CONCURRENCY when the run started). */
    concurrency: z.number().int().min(1).max(50),
    requestedAt: z.iso.datetime(),
    /** Carried across continueAsNew. */
    progress: UsagePullProgress.optional(),
});
export type UsagePullInput = z.infer<typeof UsagePullInput>;

export const UsagePullOutcome = UsagePullProgress.extend({ day: Day });
export type UsagePullOutcome = z.infer<typeof UsagePullOutcome>;
