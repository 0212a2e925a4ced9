// A bulk enablement job as partners see it: an app-owned resource under
// /api/jobs (never a Durable management URL), its counts per outcome and
// the link to its items.
import type { JobItem, JobResource } from '../../shared/features/api/apiSchemas';
import type { ItemView } from '../../shared/features/jobs/jobItems';
import type { StoredJob } from '../../shared/features/jobs/jobStore';
import { runPath } from './runResource';

export const jobPath = (jobId: string) => `/api/jobs/${encodeURIComponent(jobId)}`;

/** Shaped by `JobResource` (shared/features/api/apiSchemas.ts), which the OpenAPI document is generated from. */
export function jobResource(job: StoredJob, origin: string): JobResource {
    const at = (path: string) => new URL(path, origin).toString();
    return {
        id: job.id, kind: job.kind, status: job.status, total: job.total, counts: job.counts,
        request: job.request, requestedBy: job.requestedBy, startedAt: job.startedAt, endedAt: job.endedAt,
        ...(job.cancel ? { cancelled: job.cancel } : {}),
        ...(job.error ? { error: job.error } : {}),
        links: { self: at(jobPath(job.id)), items: at(`${jobPath(job.id)}/items`) },
    };
}

export function jobItem(item: ItemView, origin: string): JobItem {
    return {
        customerTenantId: item.customerTenantId, name: item.name, outcome: item.outcome,
        run: item.run ? { id: item.run.id, href: new URL(runPath(item.run.customerTenantId, item.run.id), origin).toString() } : null,
        detail: item.detail, at: item.at,
    };
}
