// The monthly timer (ACCRUAL_SCHEDULE, here every two seconds): it records
// the opening credits of the month that began, then rates the month that
// ended. A customer whose credits cannot be read must not stop the month.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { previousMonth } from '../../shared/core/rating/month';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS, APP_ENTRY, CUSTOMERS } from '../helpers/appHost';
import { startTestHost, tempDir, TestHost } from '../helpers/testHost';
import { until } from '../helpers/wait';

let t: TestHost;
let dir: string;
beforeAll(async () => {
    dir = tempDir('too-accrual-timer-');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    const worldPath = path.join(dir, 'world.json');
    fs.writeFileSync(worldPath, JSON.stringify(world));
    process.env.OVERAGE_POLL_INTERVAL_MS = '50';
    process.env.ACCRUAL_SCHEDULE = '*/2 * * * * *';
    process.env.DATA_DIR = dir;
    // mid-month on the host's clock, so the month the timer rates is known whatever day (or minute) the test runs
    t = await startTestHost(APP_ENTRY, { simulator: { worldPath }, dataDir: dir, disableTimers: false, startAt: new Date('2026-11-15T12:00:00Z') });
});
afterAll(async () => {
    delete process.env.ACCRUAL_SCHEDULE;
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

test('the timer\'s month completes although one customer\'s credits cannot be read', async () => {
    // Fabrikam gets a recorded setting (so the snapshot looks at it) by an enablement
    const token = (await t.call('POST', '/simulator/token', AGENTS.contosoAdmin)).json.access_token as string;
    const started = await t.call('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: '30000000-0000-4000-8000-000000000001' }, { authorization: `Bearer ${token}` });
    expect(started.status).toBe(202);
    const run = new URL(started.headers.get('location')!).pathname;
    await until(async () => ((await t.call('GET', run, undefined, { authorization: `Bearer ${token}` })).json.status === 'completed') || undefined, 20_000, 100);

    // its credits now fail for good; a month the timer ran before that is purged, so it runs again
    await t.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: `^/v1/customers/${CUSTOMERS.fabrikam}/communicationsCredits` }, kind: 'status500' }] });
    const faultFrom = t.host.clock.now();
    try {
        const month = previousMonth(t.host.clock.now());
        expect(month).toBe('2026-10');
        const instance = `/runtime/webhooks/durabletask/instances/monthlyAccrual-${month}-timer`;
        const key = { 'x-functions-key': t.host.systemKey };
        const status = await until(async () => {
            const s = await t.call('GET', instance, undefined, key);
            if (s.status !== 200 || !['Completed', 'Failed'].includes(s.json.runtimeStatus)) return undefined;
            if (Date.parse(s.json.createdTime) >= faultFrom) return s.json;
            await t.call('DELETE', instance, undefined, key);
            return undefined;
        }, 60_000, 250);
        expect(status.runtimeStatus).toBe('Completed');
        expect(status.output).toMatchObject({ month, failed: [] });
    } finally {
        await t.call('DELETE', '/simulator/faults');
    }
}, 120_000);
