// Lifecycle runs: at most one per customer and service at a time, whatever
// the concurrency. A start writes its run document, then takes the customer's
// lock for the service with a conditional create (or an ETag-guarded replace
// of a lock whose run has ended), so exactly one of any number of concurrent
// requests starts a run. A repeat of the same request by the same partner
// joins it; anything else is told which run is in progress. The store's ETags
// decide every race; the one timing rule is for a process that died between
// taking the lock and starting its run (the lock is free after STALE_CLAIM_MS).
// A start costs three writes (run, lock, idempotency key when given): each
// one waits behind the activities' writes, so nothing else is written here.
import { randomUUID } from 'node:crypto';
import { canonical, digest } from './requestDigest';
import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import { z } from 'zod';
import { appClock, isoNow } from '../../core/clock';
import { StateConflictError, StateNotFoundError, StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { Fault, faultOf } from '../../core/faults/stepFault';
import { recordAuditEvent } from './audit';
import type { AuditEvent } from '../../core/overage/auditEvent';
import { CONTAINERS } from '../../adapters/state/containers';

export type RunKind = 'enable' | 'disable' | 'handover';

/** What a run id looks like (`enableOverage-<tenant>-<hex>`), for ids that arrive in paths and queries. */
export const RunId = z.string().min(1).max(200).regex(/^[A-Za-z0-9-]+$/);
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface RunEnd {
    status: Exclude<RunStatus, 'running'>;
    at: string;
    /** `run`: the orchestration recorded its own end; `cancel`: a partner cancelled it; `repair`: found ended (operator, crash). */
    by: 'run' | 'cancel' | 'repair';
    outcome?: Record<string, unknown>;
    fault?: Fault;
    cancelledBy?: string;
}

export interface StoredRun {
    /** The run id, which is also the Durable instance id. */
    id: string;
    customerTenantId: string;
    service: string;
    kind: RunKind;
    orchestration: string;
    /** The partner whose agent started the run. */
    partnerId: string;
    requestedBy: string;
    /** Partners that may read the run and its audit trail. */
    viewers: string[];
    /** What was asked, as normalised by the endpoint; equal requests join one run. */
    request: Record<string, unknown>;
    fingerprint: string;
    state: 'running' | 'ended';
    startedAt: string;
    ended?: RunEnd;
}

interface RunLock {
    id: string;
    runId: string;
}

interface KeyRecord {
    id: string;
    runId: string;
    customerTenantId: string;
    fingerprint: string;
}

export interface RunRequest {
    client: DurableClient;
    store: StateStore;
    kind: RunKind;
    orchestration: string;
    customerTenantId: string;
    service: string;
    partnerId: string;
    upn: string;
    viewers: string[];
    request: Record<string, unknown>;
    /** The orchestration's input. */
    input: unknown;
    idempotencyKey?: string;
    /** Runs after the lock is taken and before the orchestration starts (e.g. the run's first document). */
    beforeLaunch?: (runId: string) => Promise<void>;
    /**
     * The run's id, derived from the request by a caller that may ask again after a crash (a job's start):
     * a claim an earlier attempt left behind before it held the lock is then claimed again, not left as a
     * second run that never ran. Without it, a new random id.
     */
    runId?: string;
}

export type StartOutcome =
    | { outcome: 'started' | 'joined'; run: StoredRun }
    /** Another request's run holds the customer and service. */
    | { outcome: 'in-progress'; run: StoredRun }
    /** The Idempotency-Key was used before for a different request. */
    | { outcome: 'key-reused'; run: StoredRun };

/** A run that Durable does not know this long after it was claimed never started (its process died in between): its lock is free. */
export const STALE_CLAIM_MS = 60_000;
const ACTIVE = new Set(['Pending', 'Running', 'ContinuedAsNew', 'Suspended']);
/** Each lost race means another request now holds the lock, so the next read joins or refuses: a few rounds suffice. */
const ROUNDS = 8;

export async function openRun(r: RunRequest): Promise<StartOutcome> {
    const fingerprint = digest(JSON.stringify([r.kind, r.service, canonical(r.request)]));
    const keyId = r.idempotencyKey === undefined ? undefined : digest(`${r.customerTenantId}\n${r.idempotencyKey}`);
    if (keyId) {
        const seen = await r.store.read<KeyRecord>(CONTAINERS.idempotency, r.partnerId, keyId);
        const run = seen && (await readRun(r.store, seen.customerTenantId, seen.runId));
        if (seen && run) return { outcome: seen.fingerprint === fingerprint ? 'joined' : 'key-reused', run };
    }
    for (let round = 0; round < ROUNDS; round++) {
        const lock = await r.store.read<RunLock>(CONTAINERS.runLocks, r.customerTenantId, r.service);
        const holder = lock && (await readRun(r.store, r.customerTenantId, lock.runId));
        if (holder && (await isLive(r.client, holder))) {
            const same = holder.partnerId === r.partnerId && holder.fingerprint === fingerprint;
            return same ? remember(r, keyId, { outcome: 'joined', run: holder }) : { outcome: 'in-progress', run: holder };
        }
        let run: Stored<StoredRun>;
        try {
            run = await r.store.create<StoredRun>(CONTAINERS.runs, r.customerTenantId, {
                id: r.runId ?? `${r.orchestration}-${r.customerTenantId}-${randomUUID().replace(/-/g, '').slice(0, 12)}`,
                customerTenantId: r.customerTenantId, service: r.service, kind: r.kind, orchestration: r.orchestration,
                partnerId: r.partnerId, requestedBy: r.upn, viewers: [...new Set(r.viewers)], request: r.request, fingerprint,
                state: 'running', startedAt: isoNow(),
            });
        } catch (err) {
            if (!(err instanceof StateConflictError) || r.runId === undefined) throw err;
            const earlier = await readRun(r.store, r.customerTenantId, r.runId);
            if (!earlier) continue; // a lost race deleted it meanwhile: read the lock again
            // an earlier attempt of this request ran it (ended, or Durable knows it): that is the run
            if (earlier.state === 'ended' || (await durableStatus(r.client, earlier.id))) return remember(r, keyId, { outcome: 'joined', run: earlier });
            run = earlier; // claimed by an attempt that died before it held the lock: this attempt claims it
        }
        try {
            const next: RunLock = { id: r.service, runId: run.id };
            if (lock) await r.store.replace(CONTAINERS.runLocks, r.customerTenantId, next, { ifMatch: lock.etag });
            else await r.store.create(CONTAINERS.runLocks, r.customerTenantId, next);
        } catch (err) {
            // nobody knows this run yet, unless another attempt of this request (the same run id) took the lock with it
            const taken = r.runId !== undefined && (await r.store.read<RunLock>(CONTAINERS.runLocks, r.customerTenantId, r.service))?.runId === run.id;
            if (!taken) await r.store.delete(CONTAINERS.runs, r.customerTenantId, run.id);
            // another request took the lock first, or the holder's end freed it meanwhile: read it again
            if (err instanceof StatePreconditionFailedError || err instanceof StateConflictError || err instanceof StateNotFoundError) continue;
            throw err;
        }
        if (holder && holder.id !== run.id) await settle(r.client, r.store, holder); // the previous run's record catches up with its end
        return remember(r, keyId, { outcome: 'started', run: await launch(r, run) });
    }
    throw new Error(`The lock of ${r.customerTenantId}/${r.service} changed hands ${ROUNDS} times during one request.`);
}

async function launch(r: RunRequest, run: Stored<StoredRun>): Promise<StoredRun> {
    try {
        await r.beforeLaunch?.(run.id);
        await r.client.startNew(r.orchestration, { instanceId: run.id, input: r.input });
        return run;
    } catch (err) {
        // free the lock at once rather than after STALE_CLAIM_MS
        await endRun(r.store, r.customerTenantId, run.id, { status: 'failed', at: isoNow(), by: 'repair', fault: faultOf(err) });
        throw err;
    }
}

async function remember(r: RunRequest, keyId: string | undefined, started: StartOutcome & { outcome: 'started' | 'joined' }): Promise<StartOutcome> {
    if (!keyId) return started;
    const fingerprint = started.run.fingerprint;
    try {
        await r.store.create<KeyRecord>(CONTAINERS.idempotency, r.partnerId, { id: keyId, runId: started.run.id, customerTenantId: r.customerTenantId, fingerprint });
        return started;
    } catch (err) {
        if (!(err instanceof StateConflictError)) throw err;
        const first = (await r.store.read<KeyRecord>(CONTAINERS.idempotency, r.partnerId, keyId))!;
        const run = (await readRun(r.store, first.customerTenantId, first.runId)) ?? started.run;
        return { outcome: first.fingerprint === fingerprint ? 'joined' : 'key-reused', run };
    }
}

/** Does this run still hold its customer and service? */
async function isLive(client: DurableClient, run: StoredRun): Promise<boolean> {
    if (run.ended?.by === 'run') return false; // its last step is done; Durable may still show it running for a moment
    const status = await durableStatus(client, run.id);
    if (!status) return starting(run);
    return ACTIVE.has(status.runtimeStatus);
}

/** Claimed a moment ago and not yet known to Durable: being started. */
function starting(run: StoredRun): boolean {
    return appClock.now() - Date.parse(run.startedAt) < STALE_CLAIM_MS;
}

export async function readRun(store: StateStore, customerTenantId: string, runId: string): Promise<Stored<StoredRun> | undefined> {
    return store.read<StoredRun>(CONTAINERS.runs, customerTenantId, runId);
}

/** The runs of a customer that `partnerId` may read, newest first. */
export async function runsOf(store: StateStore, customerTenantId: string, partnerId: string, limit = 50): Promise<StoredRun[]> {
    return store.query<StoredRun>(CONTAINERS.runs, { partitionKey: customerTenantId, contains: { viewers: partnerId }, orderBy: { field: 'startedAt', direction: 'desc' }, limit });
}

/** The run and its live Durable status; a run Durable shows as ended (operator, crash) is recorded as ended on the way. */
/** `client` may be a getter: an ended run needs none, and making one costs a hot read about a twentieth of its time. */
export async function settle(client: DurableClient | (() => DurableClient), store: StateStore, run: StoredRun): Promise<{ run: StoredRun; live?: DurableOrchestrationStatus }> {
    if (run.state === 'ended') return { run };
    const live = await durableStatus(typeof client === 'function' ? client() : client, run.id);
    if (live && ACTIVE.has(live.runtimeStatus)) return { run, live };
    if (!live && starting(run)) return { run, live };
    const end = endFromDurable(live);
    await auditEnd(store, run, { partnerId: run.partnerId, upn: run.requestedBy }, {
        at: end.at, step: 'end', result: end.status === 'failed' ? 'failed' : end.status === 'cancelled' ? 'cancelled' : 'info',
        detail: end.fault ? `${end.fault.code}: ${end.fault.detail}` : `The run ended ${end.status}.`,
    });
    return { run: (await endRun(store, run.customerTenantId, run.id, end)) ?? run, live };
}

/** The last event of a run its orchestration did not end itself (cancelled, or found ended): one per run, after every step. */
export async function auditEnd(store: StateStore, run: StoredRun, actor: AuditEvent['actor'], e: Pick<AuditEvent, 'at' | 'step' | 'result' | 'detail'>): Promise<void> {
    await recordAuditEvent(store, { id: `${run.id}:end`, customerTenantId: run.customerTenantId, runId: run.id, seq: 999, actor, viewers: run.viewers, ...e });
}

function endFromDurable(live: DurableOrchestrationStatus | undefined): RunEnd {
    const at = live?.lastUpdatedTime ? new Date(live.lastUpdatedTime).toISOString() : isoNow();
    switch (live?.runtimeStatus) {
        case 'Completed': return { status: 'completed', at, by: 'repair', outcome: (live.output ?? {}) as Record<string, unknown> };
        case 'Failed': return { status: 'failed', at, by: 'repair', fault: faultOf(live.output) };
        default: return { status: 'cancelled', at, by: 'repair' };
    }
}

/** Records a run's end once (the first end recorded stands) and frees its lock. */
export async function endRun(store: StateStore, customerTenantId: string, runId: string, end: RunEnd): Promise<StoredRun | undefined> {
    let ended: StoredRun | undefined;
    for (let attempt = 0; attempt < ROUNDS; attempt++) {
        const run = await readRun(store, customerTenantId, runId);
        if (!run || run.state === 'ended') { ended = run; break; }
        try {
            ended = await store.replace<StoredRun>(CONTAINERS.runs, customerTenantId, { ...run, state: 'ended', ended: end }, { ifMatch: run.etag });
            break;
        } catch (err) {
            if (!(err instanceof StatePreconditionFailedError)) throw err;
        }
    }
    if (!ended) return undefined;
    const lock = await store.read<RunLock>(CONTAINERS.runLocks, customerTenantId, ended.service);
    if (lock?.runId === runId) {
        await store.delete(CONTAINERS.runLocks, customerTenantId, lock.id, { ifMatch: lock.etag }).catch((err: unknown) => {
            // a new run took the lock meanwhile, or another end freed it: nothing to do
            if (!(err instanceof StatePreconditionFailedError || err instanceof StateNotFoundError)) throw err;
        });
    }
    return ended;
}

export async function durableStatus(client: DurableClient, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
    try {
        return await client.getStatus(instanceId, { showInput: false });
    } catch (err) {
        if (err instanceof Error && /HTTP 404/.test(err.message)) return undefined;
        throw err;
    }
}
