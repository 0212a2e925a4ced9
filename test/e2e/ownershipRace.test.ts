// A true race for overage nobody holds: Litware gave Trey's overage up (set it
// to None), and then Litware and Contoso, both selling Trey an overage SKU,
// try to take it at the same moment. The app's run lock would turn one away at
// the door, so the two runs are started on the Durable API directly, as two
// deployments sharing nothing but Microsoft would. Both get past the
// ownership step and both reach Partner Center; exactly one ends up owning
// overage, Partner Center and the app agree on which, and the other run ends
// with a refusal that names the owner, as soon as Partner Center shows the
// other partner's setting (not after waiting out its deadline).
import { AGENTS, AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

const TRIALS = 3;
const tenantOf = (i: number) => `10000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}`;
const subscriptionOf = (i: number, second = false) => `3${second ? 1 : 0}000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}`;
/** Trials 0 and 2: each partner names a subscription of its own; trial 1: both name the same one. */
const contosoSubscriptionOf = (i: number) => subscriptionOf(i, i % 2 === 0);

let app: AppHost;
beforeAll(async () => {
    app = await startAppHost({
        edit: (world) => {
            // long enough that both overage requests are accepted before either is applied
            world.delays.overageUpdateMs = 1000;
            const trey = world.customers.find((c: { tenantId: string }) => c.tenantId === CUSTOMERS.trey);
            for (let i = 0; i < TRIALS; i++) {
                world.customers.push({
                    ...trey, tenantId: tenantOf(i), name: `Race ${i}`, adminContact: `it@race-${i}.example`,
                    azure: { ...trey.azure, entitlements: [{ id: subscriptionOf(i), name: 'Subscription 1' }, { id: subscriptionOf(i, true), name: 'Subscription 2' }] },
                    subscriptions: trey.subscriptions.map((s: { id: string }, n: number) => ({ ...s, id: `2${n}000000-0000-4000-8000-${(0x200 + i).toString(16).padStart(12, '0')}` })),
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
        customerTenantId: customer, service: 'PhoneServices', requestedBy: a, requestedAt: new Date().toISOString(), viewers: [a.partnerId],
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
