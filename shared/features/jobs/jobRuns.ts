// A job's customers and their runs: each customer goes through the one start
// of a run (shared/features/overage/startOverageRun.ts), so one run per
// customer and service holds for jobs too, with the job's idempotency key
// (`job:<job id>`, which openRun digests with the customer): a start run again
// after a crash or a replay joins the run it started instead of starting
// another. The job's id is part of the run's request, so the job joins only
// its own runs; a run another request holds the customer with (identical or
// not) leaves the customer skipped, with a link to that run when it is the
// partner's own. Its run id is derived from the job and the customer, so a
// claim an attempt left behind when its host died is claimed again.
import { createHash } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import type { Caller } from '../../core/domain/partner';
import { faultOf } from '../../core/faults/stepFault';
import type { JobCustomer, JobOptions, RunningItem } from '../../core/steps/jobSteps';
import type { Dependencies } from '../../adapters/dependencies';
import { refusalOf } from '../../adapters/partnerCenter/refusals';
import { ORCHESTRATIONS } from '../../core/steps/orchestrationNames';
import { durableStatus, readRun, settle, StoredRun } from '../overage/runs';
import { overageRunInput, startOverageRun } from '../overage/startOverageRun';
import { saveItem } from './jobStore';

/** The run a job starts for a customer has an id derived from both, so an attempt after a crash claims the same run again. */
export function jobRunId(jobId: string, customerTenantId: string): string {
    return `${ORCHESTRATIONS.enable}-${customerTenantId}-${createHash('sha256').update(`${jobId}\n${customerTenantId}`).digest('hex').slice(0, 12)}`;
}

export interface Started {
    outcome: 'running' | 'skipped' | 'refused' | 'failed';
    runId: string | null;
    detail: string | null;
}

/** `warn`: where a fault's whole story goes (the item says only its code and detail). */
export async function startCustomer(deps: Pick<Dependencies, 'stateStore' | 'env'>, client: DurableClient, jobId: string, caller: Caller, options: JobOptions, customer: JobCustomer, warn: (line: string) => void = () => {}): Promise<Started> {
    const { customerTenantId } = customer;
    const reseller = customer.resellerPartnerId ?? undefined;
    const request = { ...options, ...(reseller ? { resellerPartnerId: reseller } : {}) };
    let started: Started;
    let runOf: StoredRun | undefined;
    try {
        const start = {
            client, kind: 'enable' as const, customerTenantId, service: options.service, caller, alsoVisibleTo: reseller ? [reseller] : [],
            request: { ...request, jobId }, input: { request }, idempotencyKey: `job:${jobId}`, runId: jobRunId(jobId, customerTenantId),
        };
        const s = await startOverageRun(deps, start);
        runOf = s.run;
        if (s.outcome === 'joined') await launchIfLost(client, s.run, () => overageRunInput(deps, start).input);
        if (s.outcome === 'started' || s.outcome === 'joined') started = { outcome: 'running', runId: s.run.id, detail: null };
        else if (s.outcome === 'in-progress') {
            const own = s.run.viewers.includes(caller.partnerId);
            started = own
                ? { outcome: 'skipped', runId: s.run.id, detail: `run-in-progress: run ${s.run.id} of your partner is already changing ${options.service} overage for this customer (${s.run.kind})` }
                : { outcome: 'skipped', runId: null, detail: `run-in-progress: another partner's run is changing ${options.service} overage for this customer` };
        } else started = { outcome: 'failed', runId: null, detail: `idempotency-key-reused: run ${s.run.id} was started for another request with this job's key` };
    } catch (err) {
        const refused = refusalOf(err);
        const fault = faultOf(err);
        warn(`Job ${jobId}: ${customerTenantId} did not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        started = refused ? { outcome: 'refused', runId: null, detail: `${refused.code}: ${refused.detail}` } : { outcome: 'failed', runId: null, detail: `${fault.code}: ${fault.detail}` };
    }
    await saveItem(deps.stateStore, {
        jobId, seq: customer.index, customerTenantId, name: customer.name, outcome: started.outcome,
        run: started.runId && runOf ? { id: started.runId, customerTenantId: runOf.customerTenantId } : null, detail: started.detail,
    });
    return started;
}

/**
 * A run of this job that holds its customer but that Durable does not know: an earlier attempt of this
 * step claimed it and died (a host killed) before starting its orchestration. Only this job starts runs
 * with its key, so the run is started now, under the id it was claimed with, rather than left to be
 * found stale and cancelled a minute later.
 */
async function launchIfLost(client: DurableClient, run: StoredRun, input: () => unknown): Promise<void> {
    if (run.state === 'ended' || (await durableStatus(client, run.id))) return;
    try {
        await client.startNew(ORCHESTRATIONS.enable, { instanceId: run.id, input: input() });
    } catch (err) {
        if (!(await durableStatus(client, run.id))) throw err; // not a concurrent attempt that started it first
    }
}

export interface Ended {
    index: number;
    outcome: 'enabled' | 'blocked' | 'refused' | 'failed' | 'skipped';
    detail: string | null;
}

/** The running items whose runs have ended, each recorded with its outcome; a run that cannot be read now is read again next time. */
export async function endedRuns(deps: Pick<Dependencies, 'stateStore'>, client: () => DurableClient, jobId: string, runs: RunningItem[], warn: (line: string) => void): Promise<Ended[]> {
    const store = deps.stateStore;
    const ended: Ended[] = [];
    await Promise.all(runs.map(async (r) => {
        try {
            const found = await readRun(store, r.customerTenantId, r.runId);
            const end = found ? outcomeOf((await settle(client, store, found)).run) : { outcome: 'failed' as const, detail: `run-not-found: run ${r.runId} has no record` };
            if (!end) return;
            await saveItem(store, { jobId, seq: r.index, customerTenantId: r.customerTenantId, name: r.name, outcome: end.outcome, run: { id: r.runId, customerTenantId: r.customerTenantId }, detail: end.detail });
            ended.push({ index: r.index, ...end });
        } catch (err) {
            warn(`Job ${jobId}: run ${r.runId} could not be read now (${err instanceof Error ? err.message : String(err)}); it is read again next time.`);
        }
    }));
    return ended.sort((a, b) => a.index - b.index);
}

/** A run's end as a job item's outcome, or undefined while it runs. */
export function outcomeOf(run: StoredRun): { outcome: Ended['outcome']; detail: string | null } | undefined {
    const end = run.ended;
    if (run.state !== 'ended' || !end) return undefined;
    if (end.status === 'failed') return { outcome: 'failed', detail: end.fault ? `${end.fault.code}: ${end.fault.detail}` : 'the run failed' };
    if (end.status === 'cancelled') return { outcome: 'skipped', detail: `run cancelled${end.cancelledBy ? ` by ${end.cancelledBy}` : ''}` };
    const outcome = end.outcome ?? {};
    const codes = (list: unknown) => (Array.isArray(list) ? list.map((f: { code?: unknown }) => String(f.code)).join(', ') : '');
    switch (outcome.result) {
        case 'enabled': return { outcome: 'enabled', detail: codes(outcome.warnings) || null };
        case 'blocked': return { outcome: 'blocked', detail: codes(outcome.blockers) || null };
        case 'refused': return { outcome: 'refused', detail: codes(outcome.blockers) || null };
        default: return { outcome: 'failed', detail: `the run ended without an enablement outcome (${String(outcome.result)})` };
    }
}
