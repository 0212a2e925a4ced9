// GET /api/customers/{customerTenantId}/usage: the customer's usage state,
// as the last pull from Microsoft Graph left it (`ok` with lastPulledThrough,
// `consent-missing` with what to do, `failed` with the fault, or `not-pulled`),
// for any agent that may read the customer.
import { app } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { readPullState } from '../shared/features/usage/pull/pullState';
import { usageStateView } from '../shared/features/usage/pull/usageStateView';
import { guarded } from './http/guard';

export function registerUsageState(deps: Dependencies): void {
    app.http('usageState', {
        route: 'customers/{customerTenantId}/usage',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: guarded(deps, 'read', async ({ caller, customerTenantId }) => ({
            status: 200, headers: { 'cache-control': 'no-store' },
            jsonBody: usageStateView(customerTenantId, await readPullState(deps.stateStore, customerTenantId), caller.partnerId, deps.env),
        })),
    });
}
