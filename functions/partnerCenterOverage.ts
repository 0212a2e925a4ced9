// GET and PUT /api/v1/customers/{customerTenantId}/subscriptions/overage: the
// Partner Center shapes, so existing partner tooling can point at us. PUT runs
// the same audited orchestrations as our own API (202 + Location of the run).
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { OverageUpdate } from '../shared/domain/partnerCenter';
import { PHONE_SERVICES } from '../shared/overage/enablement';
import { parseBody } from './http/body';
import { guarded } from './http/guard';
import { startFromRequest } from './http/startFromRequest';

df.app.client.http('partnerCenterOverage', {
    route: 'v1/customers/{customerTenantId}/subscriptions/overage',
    methods: ['GET', 'PUT'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, client, ctx) => {
        if (req.method === 'GET') {
            return guarded('read', async ({ ms, customerTenantId }) => ({ jsonBody: await ms.partnerCenter.overage(customerTenantId) }))(req, ctx);
        }
        return guarded('manage', async (g) => {
            const parsed = await parseBody(req, OverageUpdate, 'overage update', '{"azureEntitlementId":"<guid>","overageEnabled":true}');
            if ('refused' in parsed) return parsed.refused;
            const update = parsed.data;
            const reseller = update.partnerId ? { resellerPartnerId: update.partnerId } : {};
            if (!update.overageEnabled) return startFromRequest(g, req, client, { kind: 'disable', service: PHONE_SERVICES, request: {}, input: {} });
            const request = { service: PHONE_SERVICES, azureEntitlementId: update.azureEntitlementId!, ...reseller };
            return startFromRequest(g, req, client, { kind: 'enable', service: PHONE_SERVICES, request, ...reseller, input: { request } });
        })(req, ctx);
    },
});
