// The one way a bulk enablement job starts, whoever asks (POST
// /api/jobs/enablements, a bulk Service Bus message): its customers resolved
// from the partner's fleet view now (named ones, or those a filter matches),
// its roster written, then its document, then its orchestration. With an
// idempotency key (the Idempotency-Key header, or the message id) the job id
// is derived from the partner and the key, so a repeat, a redelivery or a
// retry after a crash finds the job it asked for (and starts its
// orchestration if the first attempt died before), never a second one.
import { randomUUID } from 'node:crypto';
import { canonical, digest } from '../overage/requestDigest';
import type { DurableClient } from 'durable-functions';
import { isoNow } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import type { JobCounts, JobInput } from '../../core/steps/jobSteps';
import { ORCHESTRATIONS } from '../../core/steps/orchestrationNames';
import { faultOf } from '../../core/faults/stepFault';
import type { Dependencies } from '../../adapters/dependencies';
import { CONTAINERS } from '../../adapters/state/containers';
import { StateConflictError } from '../../adapters/state/stateErrors';
import { durableStatus } from '../overage/runs';
import { matches, readinessOfPartner } from '../readiness/readinessStore';
import { EnablementJobBody, jobOptions, namedCustomers } from './jobBody';
import { jobSettings } from './jobConfig';
import { readJob, recordProgress, ROSTER_CHUNK, RosterEntry, saveRoster, StoredJob } from './jobStore';

export interface JobRequestStart {
    client: DurableClient;
    /** The agent, with its roles as Partner Center holds them (authorised for 'manage'). */
    caller: Caller;
    body: EnablementJobBody;
    idempotencyKey?: string;
}

export type JobStart =
    | { outcome: 'created' | 'joined'; job: StoredJob }
    /** The idempotency key was used before for a different request. */
    | { outcome: 'key-reused'; job: StoredJob }
    /** The selection holds no customer. */
    | { outcome: 'empty'; detail: string; remedy: string };

export async function startEnablementJob(deps: Pick<Dependencies, 'stateStore' | 'env'>, s: JobRequestStart): Promise<JobStart> {
    const store = deps.stateStore;
    const { caller, body } = s;
    const options = jobOptions(body);
    const named = body.customers ? namedCustomers(body) : undefined;
    const fingerprint = digest(JSON.stringify(canonical({ options, customers: named, filter: body.filter })));
    const jobId = `${ORCHESTRATIONS.job}-${s.idempotencyKey === undefined ? randomUUID().replace(/-/g, '') : digest(`${caller.partnerId}\n${s.idempotencyKey}`).slice(0, 32)}`;
    if (s.idempotencyKey !== undefined) {
        const seen = await readJob(store, caller.partnerId, jobId);
        if (seen) return repeat(s.client, store, seen, fingerprint);
    }

    const fleet = await readinessOfPartner(store, caller.partnerId, options.service);
    let entries: RosterEntry[];
    if (named) {
        const known = new Map(fleet.map((d) => [d.customerTenantId.toLowerCase(), d]));
        entries = named.map((id) => {
            const doc = known.get(id);
            return doc ? { id: doc.customerTenantId, name: doc.name, reseller: doc.reseller?.partnerId ?? null, known: true } : { id, name: null, reseller: null, known: false };
        });
    } else {
        entries = fleet.filter((d) => matches(d, body.filter!)).map((d) => ({ id: d.customerTenantId, name: d.name, reseller: d.reseller?.partnerId ?? null, known: true }));
    }
    if (entries.length === 0) {
        return {
            outcome: 'empty',
            detail: fleet.length === 0 ? `Your partner's fleet view holds no ${options.service} customer yet.` : `No customer of your fleet view matches the filter ${JSON.stringify(body.filter)}.`,
            remedy: fleet.length === 0 ? 'Wait for the fleet view to be synchronised, then ask again.' : 'Check the filter against the fleet view, or name the customers.',
        };
    }

    const { concurrency, pollMs } = jobSettings(deps.env);
    const refused = entries.filter((e) => !e.known).length;
    const counts: JobCounts = { queued: entries.length - refused, running: 0, enabled: 0, blocked: 0, refused, failed: 0, skipped: 0 };
    const job: StoredJob = {
        id: jobId, kind: 'enablement', partnerId: caller.partnerId, status: 'queued', total: entries.length, counts,
        request: { ...options, ...(body.filter ? { filter: body.filter } : { customers: entries.length }) },
        requestedBy: caller.upn, caller, concurrency, pollMs, fingerprint,
        // a roster of its own per attempt: a concurrent repeat of the same request never rewrites the roster of the job that won
        roster: { id: randomUUID().replace(/-/g, '').slice(0, 12), chunks: Math.ceil(entries.length / ROSTER_CHUNK) },
        startedAt: isoNow(), endedAt: null, cancel: null, skippedFrom: null, error: null,
    };
    await saveRoster(store, job, entries);
    try {
        await store.create<StoredJob>(CONTAINERS.jobs, caller.partnerId, job);
    } catch (err) {
        if (!(err instanceof StateConflictError)) throw err;
        // the same key a moment ago: that job is the one
        return repeat(s.client, store, (await readJob(store, caller.partnerId, jobId))!, fingerprint);
    }
    try {
        await s.client.startNew(ORCHESTRATIONS.job, { instanceId: jobId, input: jobInput(job) });
    } catch (err) {
        // nothing runs it: say so on the job rather than leave it queued for ever
        const fault = faultOf(err);
        await recordProgress(store, caller.partnerId, jobId, { counts, skippedFrom: null, end: { status: 'failed', at: isoNow(), error: `${fault.code}: ${fault.detail}` } });
        throw err;
    }
    return { outcome: 'created', job };
}

/** The orchestration's first input: the job's options and settings, and a cursor at the start. */
export function jobInput(job: StoredJob): JobInput {
    const { service, azureEntitlementId, subscriptionName, waitForAutoRechargeOff } = job.request;
    return {
        jobId: job.id, partnerId: job.partnerId, caller: job.caller,
        options: { service, azureEntitlementId, ...(subscriptionName !== undefined ? { subscriptionName } : {}), ...(waitForAutoRechargeOff !== undefined ? { waitForAutoRechargeOff } : {}) },
        total: job.total, concurrency: job.concurrency, pollMs: job.pollMs,
        cursor: { next: 0, running: [], counts: job.counts, skippedFrom: null },
    };
}

/** A job asked for again with the same key: the same request joins it (started now if the first attempt died first); another is refused. */
async function repeat(client: DurableClient, store: Dependencies['stateStore'], job: StoredJob, fingerprint: string): Promise<JobStart> {
    if (job.fingerprint !== fingerprint) return { outcome: 'key-reused', job };
    if (job.status === 'queued' && !(await durableStatus(client, job.id))) {
        try {
            await client.startNew(ORCHESTRATIONS.job, { instanceId: job.id, input: jobInput(job) });
        } catch (err) {
            if (!(await durableStatus(client, job.id))) throw err; // not a concurrent repeat that started it first
        }
    }
    return { outcome: 'joined', job: (await readJob(store, job.partnerId, job.id)) ?? job };
}
