// Running a month's accrual on demand:
//   POST /api/accruals/{yyyy-mm}                  rate (or re-rate) a month: an operator for every customer, an
//                                                 AdminAgent for its own partner's customers; 202 + the run
//   GET  /api/accruals/{yyyy-mm}/jobs/{jobId}     how far it got (customers done/total), then its outcome
// Re-running a month rewrites the same lines (deterministic ids): nothing is charged twice.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { randomUUID } from 'node:crypto';
import { AccrualInput, type AccrualOutcome } from '../shared/core/steps/accrualInput';
import { ORCHESTRATIONS } from '../shared/core/steps/orchestrationNames';
import { Month } from '../shared/core/rating/month';
import type { Dependencies } from '../shared/adapters/dependencies';
import { RunId } from '../shared/features/overage/runs';
import { partnerGuarded, Who } from './http/partnerGuard';
import { problem } from './http/problem';
import type { AccrualProgress } from '../shared/features/api/apiSchemas';

const jobPath = (month: string, id: string) => `/api/accruals/${month}/jobs/${encodeURIComponent(id)}`;
const notFound = () => problem(404, 'accrual-job-not-found', 'No such accrual job of yours.', { remedy: 'Follow the link the start of the rating answered with.' });

export function registerAccruals(deps: Dependencies): void {
    df.app.client.http('accruals', {
        route: 'accruals/{month}/{jobs?}/{jobId?}',
        methods: ['GET', 'POST'],
        authLevel: 'anonymous',
        handler: (req, client, ctx) => {
            const month = Month.safeParse(req.params.month);
            if (!month.success) return Promise.resolve(problem(400, 'invalid-request', 'The month must be written YYYY-MM.', { remedy: 'Write the year and the month, for example 2026-10.' }));
            if (req.method === 'POST') {
                if (req.params.jobs) return Promise.resolve(problem(405, 'method-not-allowed', 'A month is rated as a whole, not one of its rating jobs.', { remedy: 'Leave out the job id.' }));
                return partnerGuarded(deps, 'manage', (who) => start(deps, who, req, client, month.data))(req, client, ctx);
            }
            if (req.params.jobs !== 'jobs' || !req.params.jobId || !RunId.safeParse(req.params.jobId).success) return Promise.resolve(notFound());
            return partnerGuarded(deps, 'read', (who) => status(who, req, client, month.data, req.params.jobId!))(req, client, ctx);
        },
    });
}

async function start(deps: Pick<Dependencies, 'clock'>, who: Who, req: HttpRequest, client: DurableClient, month: string): Promise<HttpResponseInit> {
    const scope = who.operator ? 'all' : who.caller.partnerId;
    const id = `${ORCHESTRATIONS.accrual}-${month}-${scope}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const input: AccrualInput = { month, requestedAt: new Date(deps.clock.now()).toISOString(), ...(who.operator ? {} : { caller: who.caller }) };
    await client.startNew(ORCHESTRATIONS.accrual, { instanceId: id, input });
    const location = new URL(jobPath(month, id), req.url).toString();
    return { status: 202, headers: { location, 'retry-after': '5' }, jsonBody: { id, month, scope, status: 'running', done: 0, total: null, links: { self: location } } satisfies AccrualProgress };
}

async function status(who: Who, req: HttpRequest, client: DurableClient, month: string, id: string): Promise<HttpResponseInit> {
    let live;
    try {
        live = await client.getStatus(id, { showInput: true });
    } catch {
        return notFound();
    }
    const input = AccrualInput.safeParse(live?.input);
    if (!live || !input.success || input.data.month !== month) return notFound();
    if (!who.operator && input.data.caller?.partnerId !== who.caller.partnerId) return notFound();
    const custom = (live.customStatus ?? {}) as { done?: number; total?: number; incomplete?: number; failed?: number };
    const state = live.runtimeStatus === 'Completed' ? 'completed' : live.runtimeStatus === 'Failed' ? 'failed' : live.runtimeStatus === 'Terminated' ? 'cancelled' : 'running';
    return {
        headers: { 'cache-control': 'no-store', ...(state === 'running' ? { 'retry-after': '5' } : {}) },
        jsonBody: {
            id, month, scope: input.data.caller?.partnerId ?? 'all', status: state, done: custom.done ?? 0, total: custom.total ?? null,
            // what monthlyAccrual returns
            ...(state === 'completed' ? { outcome: live.output as AccrualOutcome } : {}),
            links: { self: new URL(jobPath(month, id), req.url).toString() },
        } satisfies AccrualProgress,
    };
}
