// Issue 7, observation 2: concurrent requests for one customer once started
// several runs and created several Azure subscriptions. Here 50 requests go
// out at once, each on its own connection, 20 times over (a fresh customer per
// trial); the simulator must end each trial with exactly one run and exactly
// one new subscription, and no request may get a 5xx.
import * as http from 'node:http';
import { AppHost, AGENTS, CUSTOMERS, startAppHost } from '../helpers/appHost';

const TRIALS = 20;
const REQUESTS = 50;
/** Customer of trial i: a copy of Woodgrove (no Azure yet, so 'new' creates a plan and "Subscription 1"), Litware buying later. */
const tenantOf = (i: number) => `10000000-0000-4000-8000-${(0x100 + i).toString(16).padStart(12, '0')}`;

let app: AppHost;
beforeAll(async () => {
    app = await startAppHost({
        edit: (world) => {
            const woodgrove = world.customers.find((c: { tenantId: string }) => c.tenantId === CUSTOMERS.woodgrove);
            for (let i = 0; i < TRIALS + 1; i++) {
                const sub = woodgrove.subscriptions[0];
                world.customers.push({
                    ...woodgrove, tenantId: tenantOf(i), name: `Race ${i}`, adminContact: `it@race-${i}.example`,
                    subscriptions: [
                        { ...sub, id: `21000000-0000-4000-8000-${(0x100 + i).toString(16).padStart(12, '0')}` },
                        { ...sub, id: `22000000-0000-4000-8000-${(0x100 + i).toString(16).padStart(12, '0')}`, partnerId: '1002', purchasedAt: '2025-06-01T00:00:00Z' },
                    ],
                });
            }
        },
    });
});
afterAll(async () => { await app.stop(); });

/** One POST on a connection of its own (no keep-alive pool), answered as status + JSON. */
function post(path: string, token: string, body: unknown): Promise<{ status: number; json: any }> {
    return new Promise((resolve, reject) => {
        const req = http.request(`${app.url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
    });
}

async function settleTrial(customer: string, runIds: string[]) {
    for (const id of runIds) {
        const partner = (await app.call('GET', `/api/customers/${customer}/overage/runs/${id}`, undefined, { 'x-functions-key': app.host.systemKey })).json.partnerId;
        await app.finish(`/api/customers/${customer}/overage/runs/${id}`, partner === '1002' ? 'litwareAdmin' : 'contosoAdmin');
    }
    const instances = (await app.call('GET', app.durable(`instances?instanceIdPrefix=enableOverage-${customer}`))).json as unknown[];
    const entitlements = (await app.call('GET', `/simulator/customers/${customer}`)).json.azure.entitlements as unknown[];
    return { instances: instances.length, entitlements: entitlements.length };
}

test(`${REQUESTS} simultaneous requests from one partner, ${TRIALS} trials: one run, one subscription, the rest join or get 409`, async () => {
    const token = await app.token('contosoAdmin');
    const tally = { joined: 0, conflicts: 0, runs: 0, subscriptions: 0 };
    for (let t = 0; t < TRIALS; t++) {
        const customer = tenantOf(t);
        // most ask the same thing (they join); a few ask for another name (they must get 409, or win and be the one run)
        const bodies = Array.from({ length: REQUESTS }, (_, i) => ({ service: 'PhoneServices', azureEntitlementId: 'new', ...(i % 10 === 9 ? { subscriptionName: 'Other' } : {}) }));
        const answers = await Promise.all(bodies.map((b) => post(`/api/customers/${customer}/overage/enablements`, token, b)));
        expect(answers.filter((a) => a.status >= 500)).toEqual([]);
        const accepted = answers.filter((a) => a.status === 202);
        const runIds = [...new Set(accepted.map((a) => a.json.id as string))];
        expect(runIds).toHaveLength(1);
        expect(accepted.filter((a) => !a.json.joined)).toHaveLength(1);
        for (const a of answers.filter((x) => x.status !== 202)) expect(a).toMatchObject({ status: 409, json: { code: 'run-in-progress', runId: runIds[0], partnerId: '1001' } });
        const counted = await settleTrial(customer, runIds);
        expect(counted).toEqual({ instances: 1, entitlements: 1 });
        tally.joined += accepted.length - 1;
        tally.conflicts += answers.length - accepted.length;
        tally.runs += counted.instances;
        tally.subscriptions += counted.entitlements;
    }
    expect(tally).toMatchObject({ runs: TRIALS, subscriptions: TRIALS });
    expect(tally.joined + tally.conflicts).toBe(TRIALS * (REQUESTS - 1));
}, 120_000);

test('two partners at once: one run holds the customer; the other partner gets 409 without learning who', async () => {
    const customer = tenantOf(TRIALS);
    const [contoso, litware] = [await app.token('contosoAdmin'), await app.token('litwareAdmin')];
    const answers = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => post(`/api/customers/${customer}/overage/enablements`, i % 2 ? litware : contoso, { service: 'PhoneServices', azureEntitlementId: 'new' })));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const runIds = [...new Set(answers.filter((a) => a.status === 202).map((a) => a.json.id as string))];
    expect(runIds).toHaveLength(1);
    const winner = answers.find((a) => a.status === 202)!.json.partnerId;
    for (const [i, a] of answers.entries()) {
        const partner = i % 2 ? AGENTS.litwareAdmin.partnerId : AGENTS.contosoAdmin.partnerId;
        if (partner === winner) expect(a.status).toBe(202);
        else expect(a).toMatchObject({ status: 409, json: { code: 'run-in-progress' } });
        if (a.status === 409) expect(a.json.partnerId).toBeUndefined();
    }
    const counted = await settleTrial(customer, runIds);
    expect(counted.instances).toBe(1);
    expect(counted.entitlements).toBe(winner === '1001' ? 1 : 0); // Litware bought later: its run is refused before creating anything
});
