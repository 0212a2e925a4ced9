// POST /api/jobs/enablements: switch overage on for many customers of the
// caller's partner at once (an AdminAgent), named (`customers`) or chosen by
// a readiness filter (`filter`), answered 202 with the job and its link. The
// job runs as an orchestration of its own (orchestrations/enablementJob),
// one enablement run per customer. The same Idempotency-Key with the same
// body answers the same job; with another body 409 idempotency-key-reused.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { EnablementJobBody } from '../shared/features/jobs/jobBody';
import { JobStart, startEnablementJob } from '../shared/features/jobs/startJob';
import { agentGuarded } from './http/agentGuard';
import { parseBody } from './http/body';
import { jobPath, jobResource } from './http/jobResource';
import { problem } from './http/problem';
import { idempotencyKeyOf } from './http/startFromRequest';

/** 10,000 tenant ids as JSON are about 400 KB. */
const MAX_JOB_BODY_BYTES = 1024 * 1024;
const EXAMPLE = '{"filter":{"state":"ready"}} or {"customers":["<customer tenant id>", …]}, with "service" and "subscriptionName" if you like';

export function registerStartEnablementJob(deps: Dependencies): void {
    df.app.client.http('startEnablementJob', {
        route: 'jobs/enablements',
        methods: ['POST'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, client, ctx) => agentGuarded(deps, 'manage', async (caller) => {
            const key = idempotencyKeyOf(req);
            if ('refused' in key) return key.refused;
            const parsed = await parseBody(req, EnablementJobBody, 'job request', EXAMPLE, MAX_JOB_BODY_BYTES);
            if ('refused' in parsed) return parsed.refused;
            return jobStartAnswer(req, await startEnablementJob(deps, { client, caller, body: parsed.data, idempotencyKey: key.key }));
        })(req, ctx),
    });
}

function jobStartAnswer(req: HttpRequest, started: JobStart): HttpResponseInit {
    if (started.outcome === 'empty') return problem(422, 'job-empty', started.detail, { remedy: started.remedy });
    const origin = new URL(req.url).origin;
    if (started.outcome === 'key-reused') {
        return problem(409, 'idempotency-key-reused', `This Idempotency-Key was first used for a different job request (job ${started.job.id}).`, {
            remedy: 'Use a new Idempotency-Key for a new request, or repeat the original request exactly.', jobId: started.job.id,
        });
    }
    const location = new URL(jobPath(started.job.id), origin).toString();
    return { status: 202, headers: { location, 'retry-after': '5' }, jsonBody: { ...jobResource(started.job, origin), joined: started.outcome === 'joined' } };
}
