// A bulk enablement job's documents. In `fleet-jobs` (partition = partner id,
// so a partner's jobs are one partition and no other partner reads them):
// the job itself (id = job id), small and kept current by its orchestration
// (status, counts), and its customers in the job's order, in roster chunks of
// ROSTER_CHUNK written once when the job is asked for (a job of 10,000
// customers stays far below Cosmos DB's 2 MB a document, and the job's
// frequent updates do not rewrite its list). In `fleet-job-items`
// (partition = job id, id = customer tenant id): one item per customer once
// its run started, with the run and, once it ended, its outcome. A customer
// without an item is queued (or, once the job was cancelled, skipped), or was
// refused when the job was asked for because the fleet view does not know it.
import { z } from 'zod';
import { isoNow } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import type { ItemOutcome, JobCounts, JobOptions } from '../../core/steps/jobSteps';
import { CONTAINERS } from '../../adapters/state/containers';
import { StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import type { ReadinessFilter } from '../readiness/readinessStore';

/** Customers per roster chunk. */
export const ROSTER_CHUNK = 1_000;

export type JobStatus = 'queued' | 'running' | 'cancelling' | 'completed' | 'cancelled' | 'failed';
export const ENDED: ReadonlySet<JobStatus> = new Set(['completed', 'cancelled', 'failed']);

/** What a job id looks like (`enablementJob-<hex>`), for ids that arrive in paths. */
export const JobId = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/);

/** What was asked: the runs' options, and how the customers were chosen. */
export type JobRequest = JobOptions & { filter?: ReadinessFilter; customers?: number };

export interface StoredJob {
    id: string;
    kind: 'enablement';
    partnerId: string;
    status: JobStatus;
    /** Customers in the job, those refused at once included. */
    total: number;
    counts: JobCounts;
    request: JobRequest;
    requestedBy: string;
    /** The agent who asked, with its roles as Partner Center held them: what the orchestration's input is made of. */
    caller: Caller;
    /** The settings the job runs with (JOB_CONCURRENCY, JOB_POLL_MS when it was asked for). */
    concurrency: number;
    pollMs: number;
    /** Digest of what was asked: a repeat with the same Idempotency-Key must ask the same. */
    fingerprint: string;
    /** Where its roster is: `<job id>:<roster>:<n>` for n below `chunks`. */
    roster: { id: string; chunks: number };
    startedAt: string;
    endedAt: string | null;
    cancel: { at: string; by: string } | null;
    /** Where the job stopped starting runs when it was cancelled: every customer from there on not started is skipped. */
    skippedFrom: number | null;
    error: string | null;
}

export interface RosterEntry {
    /** The customer tenant id. */
    id: string;
    name: string | null;
    /** For an indirect provider: the reseller the customer was sold through. */
    reseller: string | null;
    /** In the partner's fleet view when the job was asked for; a customer that is not is refused at once. */
    known: boolean;
}

interface RosterChunk {
    id: string;
    jobId: string;
    chunk: number;
    customers: RosterEntry[];
}

export interface StoredJobItem {
    /** The customer tenant id. */
    id: string;
    jobId: string;
    /** The customer's place in the job's order, and its roster chunk. */
    seq: number;
    chunk: number;
    customerTenantId: string;
    name: string | null;
    outcome: Exclude<ItemOutcome, 'queued'>;
    run: { id: string; customerTenantId: string } | null;
    detail: string | null;
    at: string;
}

const chunkId = (job: Pick<StoredJob, 'id' | 'roster'>, n: number) => `${job.id}:${job.roster.id}:${n}`;

export async function readJob(store: StateStore, partnerId: string, jobId: string): Promise<Stored<StoredJob> | undefined> {
    const doc = await store.read<StoredJob>(CONTAINERS.jobs, partnerId, jobId);
    // a roster chunk shares the partition: only a job is a job
    return doc?.kind === 'enablement' ? doc : undefined;
}

/** The partner's jobs, newest first. */
export async function listJobs(store: StateStore, partnerId: string, limit: number): Promise<StoredJob[]> {
    return store.query<StoredJob>(CONTAINERS.jobs, { partitionKey: partnerId, where: { kind: 'enablement' }, orderBy: { field: 'startedAt', direction: 'desc' }, limit });
}

/** Writes the roster of a job about to be created (before the job: nothing reads it until the job exists). */
export async function saveRoster(store: StateStore, job: Pick<StoredJob, 'id' | 'partnerId' | 'roster'>, entries: RosterEntry[]): Promise<void> {
    for (let n = 0; n * ROSTER_CHUNK < entries.length; n++) {
        await store.upsert<RosterChunk>(CONTAINERS.jobs, job.partnerId, { id: chunkId(job, n), jobId: job.id, chunk: n, customers: entries.slice(n * ROSTER_CHUNK, (n + 1) * ROSTER_CHUNK) });
    }
}

/**
 * A roster chunk: written once before its job, never changed, so each store keeps the
 * last few read (a job's steps read the same chunk again and again, a few customers at a time).
 */
const chunksRead = new WeakMap<StateStore, Map<string, Promise<RosterEntry[]>>>();
const CHUNKS_KEPT = 16;

export function rosterChunk(store: StateStore, job: Pick<StoredJob, 'id' | 'partnerId' | 'roster'>, n: number): Promise<RosterEntry[]> {
    const kept = chunksRead.get(store) ?? new Map<string, Promise<RosterEntry[]>>();
    chunksRead.set(store, kept);
    const id = chunkId(job, n);
    const hit = kept.get(id);
    if (hit) return hit;
    const read = store.read<RosterChunk>(CONTAINERS.jobs, job.partnerId, id).then((c) => {
        if (!c) throw new Error(`Roster chunk ${id} of job ${job.id} is missing.`);
        return c.customers;
    });
    read.catch(() => kept.delete(id)); // a failed read is not kept
    kept.set(id, read);
    if (kept.size > CHUNKS_KEPT) kept.delete(kept.keys().next().value!);
    return read;
}

/** The items of one roster chunk of a job, by customer. */
export async function itemsOfChunk(store: StateStore, jobId: string, chunk: number): Promise<Map<string, StoredJobItem>> {
    const items = await store.query<StoredJobItem>(CONTAINERS.jobItems, { partitionKey: jobId, where: { chunk } });
    return new Map(items.map((i) => [i.id, i]));
}

/** Records an item (idempotent: a step run again writes the same). */
export async function saveItem(store: StateStore, item: Omit<StoredJobItem, 'id' | 'chunk' | 'at'>): Promise<void> {
    await store.upsert<StoredJobItem>(CONTAINERS.jobItems, item.jobId, { ...item, id: item.customerTenantId, chunk: Math.floor(item.seq / ROSTER_CHUNK), at: isoNow() });
}

export interface Progress {
    counts: JobCounts;
    skippedFrom: number | null;
    end: { status: 'completed' | 'cancelled' | 'failed'; at: string; error?: string } | null;
}

const ROUNDS = 8;

/** The job's counts and status as its orchestration has them; answers whether a cancel was asked for. */
export async function recordProgress(store: StateStore, partnerId: string, jobId: string, p: Progress): Promise<{ cancelRequested: boolean }> {
    for (let round = 0; round < ROUNDS; round++) {
        const job = await readJob(store, partnerId, jobId);
        if (!job) throw new Error(`Job ${jobId} of partner ${partnerId} has no document.`);
        const cancelRequested = job.cancel !== null;
        if (ENDED.has(job.status)) return { cancelRequested }; // its end is recorded: a step run again changes nothing
        const status: JobStatus = p.end ? p.end.status : cancelRequested ? 'cancelling' : 'running';
        const next: StoredJob = {
            ...job, status, counts: p.counts, skippedFrom: p.skippedFrom,
            ...(p.end ? { endedAt: p.end.at, error: p.end.error ?? null } : {}),
        };
        if (status === job.status && JSON.stringify(next.counts) === JSON.stringify(job.counts) && next.skippedFrom === job.skippedFrom) return { cancelRequested };
        try {
            await store.replace<StoredJob>(CONTAINERS.jobs, partnerId, next, { ifMatch: job.etag });
            return { cancelRequested };
        } catch (err) {
            if (!(err instanceof StatePreconditionFailedError)) throw err; // a cancel came in meanwhile: read it again
        }
    }
    throw new Error(`Job ${jobId}: its document changed ${ROUNDS} times during one update.`);
}

export type CancelOutcome = { outcome: 'cancelling' | 'ended'; job: StoredJob } | { outcome: 'not-found' };

/** Asks the job to start nothing more; its orchestration skips what has not started and lets the started runs finish. */
export async function requestCancel(store: StateStore, partnerId: string, jobId: string, by: string): Promise<CancelOutcome> {
    for (let round = 0; round < ROUNDS; round++) {
        const job = await readJob(store, partnerId, jobId);
        if (!job) return { outcome: 'not-found' };
        if (ENDED.has(job.status)) return { outcome: 'ended', job };
        if (job.cancel) return { outcome: 'cancelling', job }; // asked before: the same answer
        try {
            const cancelled = await store.replace<StoredJob>(CONTAINERS.jobs, partnerId, { ...job, status: 'cancelling', cancel: { at: isoNow(), by } }, { ifMatch: job.etag });
            return { outcome: 'cancelling', job: cancelled };
        } catch (err) {
            if (!(err instanceof StatePreconditionFailedError)) throw err;
        }
    }
    throw new Error(`Job ${jobId}: its document changed ${ROUNDS} times during one cancel.`);
}
