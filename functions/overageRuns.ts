// The partner-facing runs of a customer's overage:
//   GET    /api/customers/{customerTenantId}/overage/runs            the caller's partner's runs, newest first
//   GET    /api/customers/{customerTenantId}/overage/runs/{runId}    one run: step, what it waits for, outcome
//   DELETE /api/customers/{customerTenantId}/overage/runs/{runId}    cancel a running run of the caller's partner
// A run is readable by the partners it lists as viewers (its partner, the
// reseller it acted for); anyone else gets 404. Operators (system key) may
// read any run, with its Durable management links.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { z } from 'zod';
import { auditEnd, endRun, readRun, RunId, StoredRun, runsOf, settle } from '../shared/features/overage/runs';
import type { StateStore } from '../shared/adapters/state/stateStore';
import type { Dependencies } from '../shared/adapters/dependencies';
import { asProblem, guarded, Guarded } from './http/guard';
import { isOperator } from './http/operator';
import { problem } from './http/problem';
import { operatorLinks, runResource } from './http/runResource';
import { runNames, type RunNames } from '../shared/features/overage/runNames';

const Limit = z.coerce.number().int().min(1).max(100).default(50);

const notFound = (runId: string) => problem(404, 'run-not-found', `No run ${runId} of your partner for this customer.`, { remedy: 'Check the run id; runs of other partners are not shown.' });

export function registerOverageRuns(deps: Dependencies): void {
    df.app.client.http('overageRuns', {
        route: 'customers/{customerTenantId}/overage/runs/{runId?}',
        methods: ['GET', 'DELETE'],
        authLevel: 'anonymous',
        handler: async (req: HttpRequest, client, ctx) => {
            const runId = req.params.runId;
            if (runId !== undefined && !RunId.safeParse(runId).success) return notFound('with that id');
            if (req.method === 'GET' && runId && isOperator(req, client)) return operatorRead(deps, req, client, ctx, runId);
            if (req.method === 'DELETE') {
                if (runId) return guarded(deps, 'manage', (g) => cancel(deps, g, req, client, runId))(req, ctx);
                const refused = problem(405, 'method-not-allowed', 'Only one run can be cancelled at a time.', { remedy: 'Cancel the runs one at a time, each at its own link.' });
                return { ...refused, headers: { ...(refused.headers as Record<string, string>), allow: 'GET' } };
            }
            return guarded(deps, 'read', (g) => (runId ? readOne(deps, g, req, client, runId) : list(deps, g, req, client)))(req, ctx);
        },
    });
}

type RunsDeps = Pick<Dependencies, 'stateStore' | 'microsoft' | 'env' | 'clock'>;

async function readOne(deps: RunsDeps, g: Guarded, req: HttpRequest, client: DurableClient, runId: string): Promise<HttpResponseInit> {
    const found = await readRun(deps.stateStore, g.customerTenantId, runId);
    if (!found || !found.viewers.includes(g.caller.partnerId)) return notFound(runId);
    return view(deps.stateStore, req, client, found, {}, (runs) => runNames(deps, g.ms, g.caller, runs));
}

/** A run as it is now (recorded as ended on the way, if Durable says so), with its names for a partner (an operator reads ids). */
async function view(store: StateStore, req: HttpRequest, client: DurableClient, found: StoredRun, extra: Record<string, unknown> = {}, nameRuns?: NameRuns): Promise<HttpResponseInit> {
    const { run, live } = await settle(client, store, found);
    const names = nameRuns && (await nameRuns([run])).get(run.id);
    return { headers: cacheHeaders(run), jsonBody: { ...runResource(run, live, new URL(req.url).origin, names), ...extra } };
}

type NameRuns = (runs: StoredRun[]) => Promise<Map<string, RunNames>>;

async function list(deps: RunsDeps, g: Guarded, req: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
    const store = deps.stateStore;
    const limit = Limit.safeParse(req.query.get('limit') ?? undefined);
    if (!limit.success) return problem(400, 'invalid-request', 'limit must be a whole number from 1 to 100.', { remedy: 'Send ?limit=50 or leave it out.' });
    const origin = new URL(req.url).origin;
    const runs = await runsOf(store, g.customerTenantId, g.caller.partnerId, limit.data);
    const settled = await Promise.all(runs.map((r) => settle(client, store, r)));
    const names = await runNames(deps, g.ms, g.caller, settled.map((s) => s.run));
    const items = settled.map(({ run, live }) => runResource(run, live, origin, names.get(run.id)));
    return { headers: { 'cache-control': 'no-store' }, jsonBody: { customerTenantId: g.customerTenantId, totalCount: items.length, items } };
}

async function cancel(deps: RunsDeps, g: Guarded, req: HttpRequest, client: DurableClient, runId: string): Promise<HttpResponseInit> {
    const { stateStore: store, clock } = deps;
    const found = await readRun(store, g.customerTenantId, runId);
    // a reseller may read the runs done for it, but only the partner that started a run may cancel it
    if (!found || found.partnerId !== g.caller.partnerId) return notFound(runId);
    if (found.kind === 'handover') {
        // ending it here would skip the mails to the three parties
        return problem(409, 'use-handover-cancel', `Run ${runId} is a handover.`, { remedy: 'Cancel the handover itself; its run ends with it.' });
    }
    const { run, live } = await settle(client, store, found);
    const origin = new URL(req.url).origin;
    if (run.state === 'ended') return problem(409, 'run-ended', `Run ${runId} has already ended (${run.ended!.status}).`, { remedy: 'Nothing to cancel; start a new run if needed.' });
    if (!live) return problem(409, 'run-starting', `Run ${runId} is still starting.`, { remedy: 'Try again in a few seconds.' });
    await client.terminate(runId, `cancelled-by-partner-${g.caller.partnerId}`);
    const at = new Date(clock.now()).toISOString();
    const ended = (await endRun(store, run.customerTenantId, runId, { status: 'cancelled', at, by: 'cancel', cancelledBy: g.caller.upn })) ?? run;
    // the run may have ended on its own a moment before: its own end stands
    if (ended.ended?.by !== 'cancel') return problem(409, 'run-ended', `Run ${runId} has already ended (${ended.ended?.status}).`, { remedy: 'Nothing to cancel; start a new run if needed.' });
    await auditEnd(store, run, { partnerId: g.caller.partnerId, upn: g.caller.upn }, { at, step: 'cancel', result: 'cancelled', detail: `${g.caller.upn} cancelled the run at step ${stepOf(live)}.` });
    const names = (await runNames(deps, g.ms, g.caller, [ended])).get(ended.id);
    return { status: 200, jsonBody: runResource(ended, undefined, origin, names) };
}

async function operatorRead({ stateStore: store }: Pick<Dependencies, 'stateStore'>, req: HttpRequest, client: DurableClient, ctx: InvocationContext, runId: string): Promise<HttpResponseInit> {
    try {
        const tenant = z.guid().safeParse(req.params.customerTenantId);
        const found = tenant.success ? await readRun(store, tenant.data, runId) : undefined;
        return found ? await view(store, req, client, found, operatorLinks(req, client, found.id)) : notFound(runId);
    } catch (err) {
        return asProblem(err, ctx);
    }
}

function stepOf(live: { customStatus?: unknown }): string {
    return (live.customStatus as { step?: string } | null)?.step ?? 'start';
}

function cacheHeaders(run: StoredRun): Record<string, string> {
    return run.state === 'ended' ? { 'cache-control': 'private, max-age=60' } : { 'cache-control': 'no-store', 'retry-after': '2' };
}
