// The read model's timer sync (READ_MODEL_SYNC_SCHEDULE, here every second):
// it reads the customers the app knows as every served partner, so a partner
// that never refreshed a customer is served from the store once the sync
// found Partner Center shows it that customer. The shared test host turns
// timers off, so this file starts its own host with them on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS, AgentName, APP_ENTRY, CUSTOMERS } from '../helpers/appHost';
import { startTestHost, tempDir, TestHost } from '../helpers/testHost';
import { until } from '../helpers/wait';

let t: TestHost;
let dir: string;
beforeAll(async () => {
    dir = tempDir('too-read-model-');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    const worldPath = path.join(dir, 'world.json');
    fs.writeFileSync(worldPath, JSON.stringify(world));
    process.env.READ_MODEL_SYNC_SCHEDULE = '*/1 * * * * *';
    process.env.DATA_DIR = dir;
    t = await startTestHost(APP_ENTRY, { simulator: { worldPath }, dataDir: dir, disableTimers: false });
});
afterAll(async () => {
    delete process.env.READ_MODEL_SYNC_SCHEDULE;
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

const as = (agent: AgentName) => async (method: string, urlPath: string) => {
    const token = (await t.call('POST', '/simulator/token', AGENTS[agent])).json.access_token as string;
    return t.call(method, urlPath, undefined, { authorization: `Bearer ${token}` });
};

test('after a sync, each partner Partner Center shows the customer to reads it from the store', async () => {
    // Trey Research is bought from Litware and Contoso; only Contoso refreshes it
    expect((await as('contosoSales')('GET', `/api/customers/${CUSTOMERS.trey}/overage?refresh=true`)).status).toBe(200);
    await until(async () => (await as('litwareAdmin')('GET', '/api/customers')).json.items.some((i: any) => i.customerTenantId === CUSTOMERS.trey) || undefined, 15_000, 200);
    // the sync's invocation is logged once it returns, which can be a moment after the document it wrote is listed
    await until(() => t.logs.some((l) => l.function === 'readModelSync' && l.outcome === 'succeeded') || undefined, 5000);

    await t.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '^/v1/customers/' }, kind: 'status500' }] });
    try {
        for (const agent of ['litwareAdmin', 'contosoSales'] as const) {
            const res = await as(agent)('GET', `/api/customers/${CUSTOMERS.trey}/overage`);
            expect(res.status).toBe(200);
            expect(res.json).toMatchObject({ servedFrom: 'read-model', asOf: expect.any(String), customerTenantId: CUSTOMERS.trey });
        }
        // Northwind is not shown Trey: not in the document, so the live way, which fails now
        expect((await as('northwindAdmin')('GET', `/api/customers/${CUSTOMERS.trey}/overage`)).status).toBeGreaterThanOrEqual(400);
    } finally {
        await t.call('DELETE', '/simulator/faults');
    }
});

test('a customer no partner is shown any more leaves every partner\'s list at the next sync', async () => {
    // the test above had Contoso refresh Trey, and the sync found Litware sees it too
    const listed = async (agent: AgentName) => (await as(agent)('GET', '/api/customers')).json.items.some((i: any) => i.customerTenantId === CUSTOMERS.trey);
    await until(async () => ((await listed('contosoAdmin')) && (await listed('litwareAdmin'))) || undefined, 15_000, 200);
    // Trey's subscriptions end: Partner Center shows Trey to no partner
    const before = (await t.call('GET', `/simulator/customers/${CUSTOMERS.trey}`)).json;
    expect((await t.call('POST', `/simulator/customers/${CUSTOMERS.trey}`, { subscriptions: [] })).status).toBe(200);
    try {
        await until(async () => (!(await listed('contosoAdmin')) && !(await listed('litwareAdmin'))) || undefined, 15_000, 200);
        // nor is it answered from the store: the live way says it is not theirs
        expect((await as('contosoSales')('GET', `/api/customers/${CUSTOMERS.trey}/overage`)).status).toBe(404);
    } finally {
        await t.call('POST', `/simulator/customers/${CUSTOMERS.trey}`, { subscriptions: before.subscriptions });
    }
});
