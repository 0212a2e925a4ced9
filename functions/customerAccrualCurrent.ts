// GET /api/customers/{customerTenantId}/accruals/current: the current UTC
// month rated so far (the app's clock) with its forecast to the month's end,
// for any agent that may read the customer. The overage shown is the
// caller's partner's, as GET .../accruals/{month} shows a rated month.
// Nothing is written: the month's accrual and its reconciliation file stay
// the month-end rating's.
//
// The literal route beats `accruals/{month}` on the local host (literal
// segments first) and in ASP.NET routing; the Functions host has ordered
// routes by function name instead, so customerAccrual also hands "current"
// here (monthToDateHandler): both hosts answer the same.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { monthToDate } from '../shared/features/forecast/monthToDate';
import { guarded } from './http/guard';

export const CURRENT_MONTH = 'current';

/** The month-to-date answer for a request whose customer is in `customerTenantId`. */
export function monthToDateHandler(deps: Dependencies): (req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit> {
    return guarded(deps, 'read', async ({ caller, customerTenantId }) => ({
        headers: { 'cache-control': 'no-store' },
        jsonBody: await monthToDate(deps, customerTenantId, deps.clock.now(), caller.partnerId),
    }));
}

export function registerCustomerAccrualCurrent(deps: Dependencies): void {
    const handler = monthToDateHandler(deps);
    df.app.client.http('customerAccrualCurrent', {
        route: `customers/{customerTenantId}/accruals/${CURRENT_MONTH}`,
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: (req, _client, ctx) => handler(req, ctx),
    });
}
