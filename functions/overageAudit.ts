// GET /api/customers/{customerTenantId}/overage/audit: every step of the runs
// the caller's partner may read (its own; a reseller's done for it), newest
// run first, optionally one run (?runId=). Another partner's runs on a shared
// customer are never shown.
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { auditTrail } from '../shared/features/overage/audit';
import { RunId } from '../shared/features/overage/runs';
import type { Dependencies } from '../shared/adapters/dependencies';
import { guarded } from './http/guard';
import { problem } from './http/problem';

export function registerOverageAudit(deps: Dependencies): void {
    df.app.client.http('overageAudit', {
        route: 'customers/{customerTenantId}/overage/audit',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, _client, ctx) => guarded(deps, 'read', async ({ caller, customerTenantId }) => {
            const runId = req.query.get('runId') ?? undefined;
            if (runId !== undefined && !RunId.safeParse(runId).success) return problem(400, 'invalid-request', 'That is not the id of a run.', { remedy: 'Use the id of one of your runs, or ask for the whole audit trail.' });
            const items = (await auditTrail(deps.stateStore, customerTenantId, caller.partnerId, runId)).map(({ viewers: _viewers, ...e }) => e);
            return { headers: { 'cache-control': 'no-store' }, jsonBody: { customerTenantId, totalCount: items.length, items } };
        })(req, ctx),
    });
}
