// GET /api/customers/{customerTenantId}/azure-subscriptions: the picker of an
// enablement. The customer's Azure subscriptions the caller's partner may
// name for overage charges (id, friendly name, state), each and "new" with
// whether the run would take it and why not (features/overage/azureChoices.ts:
// read and judged as the run reads and judges them). Live from billing and
// Partner Center within the synchronous budget.
import { app, type HttpRequest } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { azureSubscriptionChoices } from '../shared/features/overage/azureChoices';
import { partnerProfile } from '../shared/features/partners/partnerNames';
import { guarded } from './http/guard';

export function registerAzureSubscriptions(deps: Dependencies): void {
    app.http('azureSubscriptions', {
        route: 'customers/{customerTenantId}/azure-subscriptions',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, ctx) => guarded(deps, 'read', async ({ caller, customerTenantId, ms }) => {
            const profile = await partnerProfile(deps, caller);
            return { headers: { 'cache-control': 'no-store' }, jsonBody: await azureSubscriptionChoices(ms, caller, profile, customerTenantId) };
        })(req, ctx),
    });
}
