// A partner's bulk enablement jobs:
//   GET    /api/jobs                   the partner's jobs, newest first
//   GET    /api/jobs/{jobId}           one job: status and counts per outcome
//   GET    /api/jobs/{jobId}/items     its customers in the job's order, paged (?limit=&continuationToken=&outcome=)
//   DELETE /api/jobs/{jobId}           cancel what has not started (an AdminAgent): 202 with the job, now cancelling
// A job lives in its partner's partition: any other partner gets 404
// job-not-found, never 403 and never its data.
import { app, HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import type { Caller } from '../shared/core/domain/partner';
import { ItemOutcome } from '../shared/core/steps/jobSteps';
import type { Dependencies } from '../shared/adapters/dependencies';
import { itemsPage } from '../shared/features/jobs/jobItems';
import { JobId, listJobs, readJob, requestCancel } from '../shared/features/jobs/jobStore';
import { agentGuarded } from './http/agentGuard';
import { invalidRequest, problem } from './http/problem';
import { jobItem, jobResource } from './http/jobResource';

const notFound = () => problem(404, 'job-not-found', 'No such job of your partner.', { remedy: 'Follow the link the job\'s start answered with, or pick the job from your partner\'s list of jobs.' });

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
const ItemsQuery = z.object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    continuationToken: z.string().regex(/^[0-9]{1,6}$/, 'must be the continuationToken of the previous page').optional(),
    outcome: ItemOutcome.optional(),
});

export function registerJobs(deps: Dependencies): void {
    app.http('jobs', {
        route: 'jobs/{jobId?}/{items?}',
        methods: ['GET', 'DELETE'],
        authLevel: 'anonymous',
        handler: async (req, ctx) => {
            const { jobId, items } = req.params;
            if (jobId !== undefined && (!JobId.safeParse(jobId).success || (items !== undefined && items !== 'items'))) return notFound();
            if (req.method === 'DELETE') {
                if (jobId === undefined || items !== undefined) {
                    const refused = problem(405, 'method-not-allowed', 'Only a job itself can be cancelled.', { remedy: 'Cancel the job itself.' });
                    return { ...refused, headers: { ...(refused.headers as Record<string, string>), allow: 'GET' } };
                }
                return agentGuarded(deps, 'manage', (caller) => cancel(deps, caller, req, jobId))(req, ctx);
            }
            return agentGuarded(deps, 'read', (caller) => (jobId === undefined ? list(deps, caller, req) : items ? itemsOf(deps, caller, req, jobId) : one(deps, caller, req, jobId)))(req, ctx);
        },
    });
}

async function list({ stateStore }: Pick<Dependencies, 'stateStore'>, caller: Caller, req: HttpRequest): Promise<HttpResponseInit> {
    const query = ListQuery.safeParse(Object.fromEntries(req.query.entries()));
    if (!query.success) return invalidRequest(query.error, 'query');
    const origin = new URL(req.url).origin;
    const jobs = await listJobs(stateStore, caller.partnerId, query.data.limit);
    return { headers: { 'cache-control': 'no-store' }, jsonBody: { totalCount: jobs.length, items: jobs.map((j) => jobResource(j, origin)) } };
}

async function one({ stateStore }: Pick<Dependencies, 'stateStore'>, caller: Caller, req: HttpRequest, jobId: string): Promise<HttpResponseInit> {
    const job = await readJob(stateStore, caller.partnerId, jobId);
    if (!job) return notFound();
    const running = job.endedAt === null;
    return { headers: { 'cache-control': running ? 'no-store' : 'private, max-age=60', ...(running ? { 'retry-after': '5' } : {}) }, jsonBody: jobResource(job, new URL(req.url).origin) };
}

async function itemsOf({ stateStore }: Pick<Dependencies, 'stateStore'>, caller: Caller, req: HttpRequest, jobId: string): Promise<HttpResponseInit> {
    const job = await readJob(stateStore, caller.partnerId, jobId);
    if (!job) return notFound();
    const query = ItemsQuery.safeParse(Object.fromEntries(req.query.entries()));
    if (!query.success) return invalidRequest(query.error, 'query');
    const { limit, continuationToken, outcome } = query.data;
    const page = await itemsPage(stateStore, job, continuationToken === undefined ? 0 : Number(continuationToken), limit, outcome);
    const origin = new URL(req.url).origin;
    return {
        headers: { 'cache-control': 'no-store' },
        jsonBody: { jobId: job.id, items: page.items.map((i) => jobItem(i, origin)), continuationToken: page.next === null ? null : String(page.next) },
    };
}

async function cancel({ stateStore }: Pick<Dependencies, 'stateStore'>, caller: Caller, req: HttpRequest, jobId: string): Promise<HttpResponseInit> {
    const cancelled = await requestCancel(stateStore, caller.partnerId, jobId, caller.upn);
    if (cancelled.outcome === 'not-found') return notFound();
    if (cancelled.outcome === 'ended') return problem(409, 'job-ended', `Job ${jobId} has already ended (${cancelled.job.status}).`, { remedy: 'Nothing to cancel; ask for a new job if needed.' });
    const origin = new URL(req.url).origin;
    return { status: 202, headers: { location: jobResource(cancelled.job, origin).links.self, 'retry-after': '5' }, jsonBody: jobResource(cancelled.job, origin) };
}
