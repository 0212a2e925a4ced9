// GET /api/customers/{customerTenantId}/credits/advice: for a customer paying
// with Communications Credits, the auto-recharge settings its last three rated
// months call for, or pay-as-you-go overage when its spend is irregular; for
// any agent that may read the customer (another partner's customer is 404).
import { app } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { creditsAdvice } from '../shared/features/forecast/creditsAdvice';
import { guarded } from './http/guard';

export function registerCreditsAdvice(deps: Dependencies): void {
    app.http('creditsAdvice', {
        route: 'customers/{customerTenantId}/credits/advice',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: guarded(deps, 'read', async ({ customerTenantId, ms }) => ({
            status: 200, headers: { 'cache-control': 'no-store' },
            jsonBody: await creditsAdvice(deps, ms, customerTenantId, deps.clock.now()),
        })),
    });
}
