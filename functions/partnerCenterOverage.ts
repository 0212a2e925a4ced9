// GET and PUT /api/v1/customers/{customerTenantId}/subscriptions/overage: the
// Partner Center shapes, so existing partner tooling can point at us. GET
// answers from the read model as GET overage does (read live and kept when
// it is not fresh); PUT runs the same audited orchestrations as our own API
// (202 + Location of the run).
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { OverageUpdate, toOverageCollection } from '../shared/core/domain/partnerCenter';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import { currentView } from '../shared/features/readModel/refresh';
import type { Dependencies } from '../shared/adapters/dependencies';
import { parseBody } from './http/body';
import { guarded } from './http/guard';
import { startFromRequest } from './http/startFromRequest';

export function registerPartnerCenterOverage(deps: Dependencies): void {
    df.app.client.http('partnerCenterOverage', {
        route: 'v1/customers/{customerTenantId}/subscriptions/overage',
        methods: ['GET', 'PUT'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, client, ctx) => {
            if (req.method === 'GET') {
                return guarded(deps, 'read', async ({ caller, customerTenantId, fresh }) => {
                    const view = await currentView(deps, customerTenantId, PHONE_SERVICES, caller, fresh);
                    const setting = view?.doc.overage;
                    return { jsonBody: toOverageCollection(setting ? [{ type: PHONE_SERVICES, partnerId: setting.partnerId, azureEntitlementId: setting.azureEntitlementId, overageEnabled: setting.enabled }] : []) };
                })(req, ctx);
            }
            return guarded(deps, 'manage', async (g) => {
                const parsed = await parseBody(req, OverageUpdate, 'overage update', '{"azureEntitlementId":"<guid>","overageEnabled":true}');
                if ('refused' in parsed) return parsed.refused;
                const update = parsed.data;
                // two-tier: the reseller is checked (and acted for) whichever way the switch goes
                const reseller = update.partnerId ? { resellerPartnerId: update.partnerId } : {};
                if (!update.overageEnabled) return startFromRequest(deps, g, req, client, { kind: 'disable', service: PHONE_SERVICES, request: reseller, ...reseller, input: reseller });
                const request = { service: PHONE_SERVICES, azureEntitlementId: update.azureEntitlementId!, ...reseller };
                return startFromRequest(deps, g, req, client, { kind: 'enable', service: PHONE_SERVICES, request, ...reseller, input: { request } });
            })(req, ctx);
        },
    });
}
