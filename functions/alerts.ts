// GET /api/alerts[?month=YYYY-MM]: the alerts that fired for the caller's
// partner's customers in a month (default: the current UTC month), oldest
// first. Another partner's alerts are in its own partition: never listed here.
import { app } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { alertsOfMonth } from '../shared/features/alerts/alertStore';
import { agentGuarded } from './http/agentGuard';
import { problem } from './http/problem';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function registerAlerts(deps: Dependencies): void {
    app.http('alerts', {
        route: 'alerts',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: agentGuarded(deps, 'read', async (caller, req) => {
            const month = req.query.get('month') ?? new Date(deps.clock.now()).toISOString().slice(0, 7);
            if (!MONTH.test(month)) return problem(400, 'invalid-request', `month ${JSON.stringify(month)} is not a month written YYYY-MM.`, { remedy: 'Send month=YYYY-MM (e.g. month=2026-11), or leave it out for the current month.' });
            const alerts = await alertsOfMonth(deps.stateStore, caller.partnerId, month);
            return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { partnerId: caller.partnerId, month, alerts } };
        }),
    });
}
