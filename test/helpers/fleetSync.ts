// The fleet's readiness documents, filled as the sync timer fills them: with
// timers off in tests, an operator runs the timer's function by hand
// (POST /admin/functions/readModelSync, system key) and the fleet is read
// until it has customers.
import type { AppHost, AgentName } from './appHost';
import { until } from './wait';

export async function syncFleet(app: AppHost, agent: AgentName = 'contosoAdmin', ms = 30_000): Promise<any> {
    const ran = await app.call('POST', '/admin/functions/readModelSync', {}, { 'x-functions-key': app.host.systemKey });
    if (ran.status >= 300) throw new Error(`readModelSync did not run: ${ran.status} ${ran.text}`);
    return until(async () => {
        const r = await app.as(agent)('GET', '/api/readiness');
        return r.status === 200 && r.json.counts.total > 0 ? r.json : undefined;
    }, ms, 100);
}
