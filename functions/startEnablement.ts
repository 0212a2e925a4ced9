// POST /api/customers/{customerTenantId}/overage/enablements: start switching
// overage on (or join the run already doing it), answered 202 with the links
// to follow it.
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { EnablementBody, ORCHESTRATIONS } from '../shared/overage/enablement';
import { startOrJoin } from '../shared/overage/runs';
import { enablementTiming } from '../shared/overage/timing';
import { getStateStore } from '../shared/runtime';
import { guarded } from './http/guard';
import { accepted } from './http/startRun';
import { parseBody } from './http/body';

df.app.client.http('startEnablement', {
    route: 'customers/{customerTenantId}/overage/enablements',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, client, ctx) => guarded('manage', async ({ caller, customerTenantId }) => {
        const parsed = await parseBody(req, EnablementBody, 'enablement request', '{"service":"PhoneServices","azureEntitlementId":"<guid>"|"new"}');
        if ('refused' in parsed) return parsed.refused;
        const started = await startOrJoin({
            client, store: getStateStore(), orchestration: ORCHESTRATIONS.enable, customerTenantId, service: parsed.data.service, partnerId: caller.partnerId,
            idempotencyKey: req.headers.get('idempotency-key') ?? undefined,
            input: { customerTenantId, request: parsed.data, requestedBy: caller, requestedAt: new Date().toISOString(), timing: enablementTiming(process.env) },
        });
        return accepted(client, started);
    })(req, ctx),
});
