// POST /api/customers/{customerTenantId}/overage/enablements: start switching
// overage on (or join the same request's run), answered 202 with the run's
// link; 409 while another request's run holds the customer and service.
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { EnablementBody } from '../shared/core/overage/enablement';
import { parseBody } from './http/body';
import { guarded } from './http/guard';
import { startFromRequest } from './http/startFromRequest';

export function registerStartEnablement(deps: Dependencies): void {
    df.app.client.http('startEnablement', {
        route: 'customers/{customerTenantId}/overage/enablements',
        methods: ['POST'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, client, ctx) => guarded(deps, 'manage', async (g) => {
            const parsed = await parseBody(req, EnablementBody, 'enablement request', '{"service":"PhoneServices","azureEntitlementId":"<guid>"|"new"}');
            if ('refused' in parsed) return parsed.refused;
            const request = parsed.data;
            return startFromRequest(deps, g, req, client, { kind: 'enable', service: request.service, request, resellerPartnerId: request.resellerPartnerId, input: { request } });
        })(req, ctx),
    });
}
