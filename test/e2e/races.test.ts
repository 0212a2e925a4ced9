// Races end to end through the local host: many requests for one customer at
// once, and two partners taking overage nobody holds at the same moment. Each
// part on a host of its own with its own world (test/helpers/freshHost.ts).
import * as http from 'node:http';
import { AGENTS, AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';

describe('concurrent requests', () => {
    // Issue 7, observation 2: concurrent requests for one customer once started
    // several runs and created several Azure subscriptions. Here 50 requests go
    // out at once, each on its own connection, 20 times over (a fresh customer per
    // trial); the simulator must end each trial with exactly one run and exactly
    // one new subscription, and no request may get a 5xx.
    const TRIALS = 20;
    const REQUESTS = 50;
    /** Customer of trial i: a copy of Woodgrove (no Azure yet, so 'new' creates a plan and "Subscription 1"), Litware buying later. */
    const tenantOf = (i: number) => `10000000-0000-4000-8000-${(0x100 + i).toString(16).padStart(12, '0')}`;

    let app: AppHost;
    beforeAll(async () => {
        app = await freshAppHost({
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
});

describe('a race for overage nobody holds', () => {
    // A true race for overage nobody holds: Litware gave Trey's overage up (set it
    // to None), and then Litware and Contoso, both selling Trey an overage SKU,
    // try to take it at the same moment. The app's run lock would turn one away at
    // the door, so the two runs are started on the Durable API directly, as two
    // deployments sharing nothing but Microsoft would. Both get past the
    // ownership step and both reach Partner Center; exactly one ends up owning
    // overage, Partner Center and the app agree on which, and the other run ends
    // with a refusal that names the owner, as soon as Partner Center shows the
    // other partner's setting (not after waiting out its deadline).
    const TRIALS = 3;
    const tenantOf = (i: number) => `10000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}`;
    const subscriptionOf = (i: number, second = false) => `3${second ? 1 : 0}000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}`;
    /** Trials 0 and 2: each partner names a subscription of its own; trial 1: both name the same one. */
    const contosoSubscriptionOf = (i: number) => subscriptionOf(i, i % 2 === 0);

    let app: AppHost;
    beforeAll(async () => {
        app = await freshAppHost({
            edit: (world) => {
                // long enough that both overage requests are accepted before either is applied
                world.delays.overageUpdateMs = 1000;
                const trey = world.customers.find((c: { tenantId: string }) => c.tenantId === CUSTOMERS.trey);
                for (let i = 0; i < TRIALS; i++) {
                    world.customers.push({
                        ...trey, tenantId: tenantOf(i), name: `Race ${i}`, adminContact: `it@race-${i}.example`,
                        azure: { ...trey.azure, entitlements: [{ id: subscriptionOf(i), name: 'Subscription 1' }, { id: subscriptionOf(i, true), name: 'Subscription 2' }] },
                        subscriptions: trey.subscriptions.map((s: { id: string }, n: number) => ({ ...s, id: `2${n}000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}` })),
                        // licence ids are unique in a world; the licences Trey bought elsewhere play no part in this race
                        directLicences: [],
                    });
                }
            },
        });
    }, 60000);
    afterAll(async () => { await app.stop(); });

    async function viaApi(agent: 'litwareAdmin', customer: string, overageEnabled: boolean, i: number) {
        const res = await app.as(agent)('PUT', `/api/v1/customers/${customer}/subscriptions/overage`, { azureEntitlementId: subscriptionOf(i), overageEnabled });
        expect(res.status).toBe(202);
        return app.finish(res.headers.get('location')!, agent, 30000);
    }

    /** Starts enableOverage on the Durable API, past the app's run lock. */
    async function startDirectly(agent: 'litwareAdmin' | 'contosoAdmin', customer: string, i: number): Promise<string> {
        const a = AGENTS[agent];
        const input = {
            customerTenantId: customer, service: 'PhoneServices', caller: a, requestedAt: new Date().toISOString(), viewers: [a.partnerId],
            timing: { pollIntervalMs: 50, pollTimeoutMs: 30000, autoRechargePollMs: 100, autoRechargeWaitMs: 1000 },
            request: { service: 'PhoneServices', azureEntitlementId: agent === 'contosoAdmin' ? contosoSubscriptionOf(i) : subscriptionOf(i) },
        };
        const res = await app.call('POST', app.durable(`orchestrators/enableOverage/race-${i}-${a.partnerId}`), input);
        expect(res.status).toBe(202);
        return `race-${i}-${a.partnerId}`;
    }

    async function ended(id: string) {
        for (let n = 0; n < 600; n++) {
            const s = await app.instance(id);
            if (s.runtimeStatus !== 'Running' && s.runtimeStatus !== 'Pending') return s;
            await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`${id} did not end`);
    }

    test.each(Array.from({ length: TRIALS }, (_, i) => i))('trial %i: both reach Partner Center, exactly one owns overage, the other is told who does', async (i) => {
        const customer = tenantOf(i);
        expect(await viaApi('litwareAdmin', customer, true, i)).toMatchObject({ result: 'enabled' });
        expect(await viaApi('litwareAdmin', customer, false, i)).toMatchObject({ result: 'disabled' });
        const since = (await app.call('GET', '/simulator/log')).json.entries.at(-1).seq;

        const ids = await Promise.all([startDirectly('litwareAdmin', customer, i), startDirectly('contosoAdmin', customer, i)]);
        const [litware, contoso] = await Promise.all(ids.map(ended));
        for (const s of [litware, contoso]) expect(s.runtimeStatus).toBe('Completed');

        // both got past ownership and asked Partner Center
        const puts = (await app.call('GET', `/simulator/log?since=${since}`)).json.entries
            .filter((e: { method: string; path: string }) => e.method === 'PUT' && e.path === `/v1/customers/${customer}/subscriptions/overage`);
        expect(puts.map((e: { partner: string; status: number }) => [e.partner, e.status]).sort()).toEqual([['1001', 202], ['1002', 202]]);

        const record = (await app.as('contosoSales')('GET', `/api/v1/customers/${customer}/subscriptions/overage`)).json.items[0];
        const [winner, loser, winnerSubscription] = record.partnerId === '1001' ? [contoso, litware, contosoSubscriptionOf(i)] : [litware, contoso, subscriptionOf(i)];
        expect(record).toMatchObject({ overageEnabled: true, azureEntitlementId: winnerSubscription });
        expect(winner.output).toMatchObject({ result: 'enabled', azureEntitlementId: winnerSubscription });
        expect(loser.output).toMatchObject({ result: 'refused', blockers: [expect.objectContaining({ code: 'owned-by-another-partner' })] });
        expect(loser.output.blockers[0].detail).toContain(record.partnerId);
    });
});
