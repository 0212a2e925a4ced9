// The fleet's readiness documents, filled as the sync timer fills them: with
// timers off in tests, an operator runs the timer's function now
// (POST /admin/functions/readModelSync, system key, answered 202 at once);
// its invocation's end is in the host's log.
import type { AppHost, AgentName } from './appHost';
import type { TestHost } from './testHost';
import { until } from './wait';

/** Runs the sync and waits for its invocation to end. */
export async function runFleetSync(host: TestHost, ms = 30_000): Promise<void> {
    const ended = () => host.logs.filter((l) => l.function === 'readModelSync' && (l.outcome === 'succeeded' || l.outcome === 'failed')).length;
    const before = ended();
    const ran = await host.call('POST', '/admin/functions/readModelSync', undefined, { 'x-functions-key': host.host.systemKey });
    if (ran.status !== 202) throw new Error(`readModelSync did not start: ${ran.status} ${ran.text}`);
    await until(() => ended() > before || undefined, ms, 50);
}

/** Runs the sync, then resolves the fleet as `agent` reads it (GET /api/readiness); throws if it is empty. */
export async function syncFleet(app: AppHost, agent: AgentName = 'contosoAdmin', ms = 30_000): Promise<any> {
    await runFleetSync(app, ms);
    const fleet = await app.as(agent)('GET', '/api/readiness');
    if (fleet.status !== 200 || !(fleet.json.counts.total > 0)) throw new Error(`the fleet is empty after the sync: ${fleet.status} ${fleet.text.slice(0, 300)}`);
    return fleet.json;
}
