// GET/PUT /api/customers/{customerTenantId}/alerts: the caller's partner's
// alert thresholds for the customer (issue 22). Any agent of the customer's
// partner reads them; an AdminAgent sets them, whole: a threshold left out is
// no longer watched. They are evaluated after each usage import or pull.
import { app } from '@azure/functions';
import { AlertThresholds } from '../shared/core/alerts/alertThresholds';
import type { Dependencies } from '../shared/adapters/dependencies';
import { readThresholds, saveThresholds, thresholdsView } from '../shared/features/alerts/thresholdStore';
import { parseBody } from './http/body';
import { guarded } from './http/guard';

const EXAMPLE = '{"forecastOverageAbove":"400","poolUsedAbovePercent":80,"creditsRunOutBeforeMonthEnd":true,"dayOverageAbove":"50","mailCustomerAdmin":false} (every threshold optional, mailCustomerAdmin required)';
const NO_STORE = { 'cache-control': 'no-store' };

export function registerCustomerAlerts(deps: Dependencies): void {
    const read = guarded(deps, 'read', async ({ caller, customerTenantId }) => {
        const doc = await readThresholds(deps.stateStore, customerTenantId, caller.partnerId);
        return { status: 200, headers: NO_STORE, jsonBody: thresholdsView(doc, customerTenantId) };
    });
    const set = guarded(deps, 'manage', async ({ caller, customerTenantId }, req) => {
        const body = await parseBody(req, AlertThresholds, 'alert thresholds', EXAMPLE);
        if ('refused' in body) return body.refused;
        const saved = await saveThresholds(deps.stateStore, {
            ...body.data, partnerId: caller.partnerId, customerTenantId, updatedAt: new Date(deps.clock.now()).toISOString(), updatedBy: caller.upn,
        });
        return { status: 200, headers: NO_STORE, jsonBody: thresholdsView(saved, customerTenantId) };
    });
    app.http('customerAlerts', {
        route: 'customers/{customerTenantId}/alerts',
        methods: ['GET', 'PUT'],
        authLevel: 'anonymous',
        handler: (req, ctx) => (req.method === 'PUT' ? set : read)(req, ctx),
    });
}
