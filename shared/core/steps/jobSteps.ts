// A bulk enablement job's durable steps (contracts only; activities/job/
// implements them) and what the job's orchestration carries from one
// execution to the next. The job's customers stay in the store, in order
// (shared/features/jobs/jobStore.ts): the input holds the job's id, its
// options and a cursor, so it stays small for 10,000 customers.
import { z } from 'zod';
import { Caller } from '../domain/partner';
import { PartnerId } from '../domain/primitives';
import { ServiceType } from '../domain/subscription';
import { step } from './step';

/** Where a customer of a job stands: waiting its turn, its run under way, the run's outcome, or left out. */
export const ITEM_OUTCOMES = ['queued', 'running', 'enabled', 'blocked', 'refused', 'failed', 'skipped'] as const;
export const ItemOutcome = z.enum(ITEM_OUTCOMES);
export type ItemOutcome = z.infer<typeof ItemOutcome>;

const Count = z.number().int().min(0);
export const JobCounts = z.object({ queued: Count, running: Count, enabled: Count, blocked: Count, refused: Count, failed: Count, skipped: Count });
export type JobCounts = z.infer<typeof JobCounts>;

/** What each customer's run is asked: a bulk job cannot name one subscription for many customers, so each gets a new one. */
export const JobOptions = z.object({
    service: ServiceType,
    azureEntitlementId: z.literal('new'),
    subscriptionName: z.string().trim().min(1).max(64).optional(),
    waitForAutoRechargeOff: z.boolean().optional(),
});
export type JobOptions = z.infer<typeof JobOptions>;

/** A customer of the job, at its place in the job's order. */
export const JobCustomer = z.object({
    index: z.number().int().min(0),
    customerTenantId: z.guid(),
    name: z.string().nullable(),
    /** For an indirect provider: the indirect reseller the customer was sold through (the run's resellerPartnerId). */
    resellerPartnerId: PartnerId.nullable(),
});
export type JobCustomer = z.infer<typeof JobCustomer>;

/** A customer whose run this job started and has not seen end. */
export const RunningItem = JobCustomer.omit({ resellerPartnerId: true }).extend({ runId: z.string().min(1) });
export type RunningItem = z.infer<typeof RunningItem>;

export const JobCursor = z.object({
    /** The place in the job's order of the next customer to start. */
    next: z.number().int().min(0),
    running: z.array(RunningItem),
    counts: JobCounts,
    /** Where the job stopped starting runs once it was cancelled (everything from there on is skipped); null while it runs. */
    skippedFrom: z.number().int().min(0).nullable(),
});
export type JobCursor = z.infer<typeof JobCursor>;

export const JobInput = z.object({
    jobId: z.string().min(1),
    partnerId: PartnerId,
    /** The agent who asked, with its roles as Partner Center held them: each run starts as this caller (and verifies it again). */
    caller: Caller,
    options: JobOptions,
    /** Customers in the job's order, those refused at once included. */
    total: z.number().int().min(0),
    /** Runs in flight at most (JOB_CONCURRENCY when the job was asked for). */
    concurrency: z.number().int().positive(),
    /** How often the running items' runs are read (JOB_POLL_MS when the job was asked for). */
    pollMs: z.number().int().positive(),
    cursor: JobCursor,
});
export type JobInput = z.infer<typeof JobInput>;

export const JobOutcome = z.object({ status: z.enum(['completed', 'cancelled']), counts: JobCounts });
export type JobOutcome = z.infer<typeof JobOutcome>;

const Job = z.object({ jobId: z.string().min(1), partnerId: PartnerId });

/** The next `count` customers to start from place `from` on (customers refused at once are passed over); `next`: where to go on from. */
export const nextJobCustomers = step('nextJobCustomers', Job.extend({ from: z.number().int().min(0), count: z.number().int().positive() }), z.object({
    customers: z.array(JobCustomer),
    next: z.number().int().min(0),
}));

/**
 * Starts (or, after a crash, joins) the customer's enablement through the one start of a run, and records the item.
 * `running`: its run is under way; `skipped`: another request's run holds the customer; `refused` or `failed`: it could not start.
 */
export const startJobCustomer = step('startJobCustomer', Job.extend({ caller: Caller, options: JobOptions, customer: JobCustomer }), z.object({
    outcome: z.enum(['running', 'skipped', 'refused', 'failed']),
    runId: z.string().nullable(),
    detail: z.string().nullable(),
}));

/** Reads the runs of the running items; records and answers those that ended, with the item's outcome. */
export const checkJobRuns = step('checkJobRuns', Job.extend({ runs: z.array(RunningItem) }), z.object({
    ended: z.array(z.object({ index: z.number().int().min(0), outcome: z.enum(['enabled', 'blocked', 'refused', 'failed', 'skipped']), detail: z.string().nullable() })),
}));

/** Keeps the job's document current (counts, status, its end) and says whether a cancel was asked for. */
export const recordJobProgress = step('recordJobProgress', Job.extend({
    counts: JobCounts,
    skippedFrom: z.number().int().min(0).nullable(),
    end: z.object({ status: z.enum(['completed', 'cancelled', 'failed']), at: z.iso.datetime(), error: z.string().optional() }).nullable(),
}), z.object({ cancelRequested: z.boolean() }));
