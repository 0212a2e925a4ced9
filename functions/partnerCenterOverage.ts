// GET and PUT /api/v1/customers/{customerTenantId}/subscriptions/overage: the
// Partner Center shapes, so existing partner tooling can point at us. PUT runs
// the same audited orchestrations as our own API (202 + Location).
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { OverageUpdate } from '../shared/domain/partnerCenter';
import { microsoftClients } from '../shared/microsoftClients';
import { ORCHESTRATIONS, PHONE_SERVICES } from '../shared/overage/enablement';
import { startOrJoin } from '../shared/overage/runs';
import { enablementTiming } from '../shared/overage/timing';
import { getStateStore } from '../shared/runtime';
import { parseBody } from './http/body';
import { guarded } from './http/guard';
import { accepted } from './http/startRun';


df.app.client.http('partnerCenterOverage', {
    route: 'v1/customers/{customerTenantId}/subscriptions/overage',
    methods: ['GET', 'PUT'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, client, ctx) => {
        if (req.method === 'GET') {
            return guarded('read', async ({ caller, customerTenantId }) => ({ jsonBody: await microsoftClients(caller).partnerCenter.overage(customerTenantId) }))(req, ctx);
        }
        return guarded('manage', async ({ caller, customerTenantId }) => {
            const parsed = await parseBody(req, OverageUpdate, 'overage update', '{"azureEntitlementId":"<guid>","overageEnabled":true}');
            if ('refused' in parsed) return parsed.refused;
            const update = parsed.data;
            const base = { client, store: getStateStore(), customerTenantId, service: PHONE_SERVICES, partnerId: caller.partnerId, idempotencyKey: req.headers.get('idempotency-key') ?? undefined };
            const timing = enablementTiming(process.env);
            const requestedAt = new Date().toISOString();
            const started = update.overageEnabled
                ? await startOrJoin({ ...base, orchestration: ORCHESTRATIONS.enable, input: { customerTenantId, request: { service: PHONE_SERVICES, azureEntitlementId: update.azureEntitlementId!, ...(update.partnerId ? { resellerPartnerId: update.partnerId } : {}) }, requestedBy: caller, requestedAt, timing } })
                : await startOrJoin({ ...base, orchestration: ORCHESTRATIONS.disable, input: { customerTenantId, service: PHONE_SERVICES, requestedBy: caller, requestedAt, timing } });
            return accepted(client, started);
        })(req, ctx);
    },
});
