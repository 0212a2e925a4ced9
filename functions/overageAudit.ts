// GET /api/customers/{customerTenantId}/overage/audit: every step of every run
// for the customer, newest run first (optionally one run: ?runId=).
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { CONTAINERS } from '../shared/overage/containers';
import { getStateStore } from '../shared/runtime';
import type { AuditEvent } from '../orchestrations/steps';
import { guarded } from './http/guard';

df.app.client.http('overageAudit', {
    route: 'customers/{customerTenantId}/overage/audit',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, _client, ctx) => guarded('read', async ({ customerTenantId }) => {
        const runId = req.query.get('runId');
        const events = await getStateStore().query<AuditEvent>(CONTAINERS.audit, {
            partitionKey: customerTenantId, ...(runId ? { where: { runId } } : {}), orderBy: { field: 'at', direction: 'desc' }, limit: 500,
        });
        // steps of one episode share a time: their sequence number orders them
        const items = events.map(({ etag: _etag, pk: _pk, ...e }) => e)
            .sort((a, b) => b.at.localeCompare(a.at) || a.runId.localeCompare(b.runId) || b.seq - a.seq);
        return { jsonBody: { customerTenantId, totalCount: items.length, items } };
    })(req, ctx),
});
