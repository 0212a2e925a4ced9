// Microsoft's charge beside the app's rating on the demo world, end to end:
// every demo customer with PSTN usage has its November pulled from the
// simulated Graph (whose charges come from the simulator's own rate table and
// minute pools) and rated with the demo rate card, which has the simulator's
// prices. Where the two readings of the rules agree (pools per country and
// capability, calls in start order, what each plan covers), no call differs,
// pooled calls included; a pool used up in the month shows that pooled and
// charged calls were both compared. (The call Microsoft charged differently
// on purpose is listed: test/e2e/accrualPools.test.ts.)
//
// A call with a connection fee agrees too: Graph's `charge` is the whole
// amount, the fee within it (docs/domain.md "Microsoft's charge as a check").
import { runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { appStateStore, freshAppHost } from '../helpers/freshHost';
import { readMonthCalls } from '../../shared/features/usage/usageStore';
import { DEMO_RATES_CSV } from '../helpers/demoRates';

const MONTH = '2026-11';
/** The demo customers whose world describes PSTN usage (simulator/worlds/demo.json), all Contoso's. */
const WITH_USAGE = {
    fabrikam: CUSTOMERS.fabrikam, woodgrove: CUSTOMERS.woodgrove, alpine: CUSTOMERS.alpine, trey: CUSTOMERS.trey,
    lucerne: CUSTOMERS.lucerne, blueYonder: CUSTOMERS.blueYonder, relecloud: CUSTOMERS.relecloud, vanArsdel: CUSTOMERS.vanArsdel,
};

let h: AppHost;
beforeAll(async () => {
    h = await freshAppHost();
    await h.setClock('2026-12-02T00:00:00Z');
    expect((await h.call('PUT', '/api/rates', DEMO_RATES_CSV, { 'x-functions-key': h.host.systemKey, 'content-type': 'text/csv' })).status).toBe(200);
    // Alpine Ski House's admin consents to the app reading its call records
    expect((await h.call('POST', `/simulator/customers/${CUSTOMERS.alpine}`, { graphConsent: { callRecords: true } })).status).toBe(200);
}, 120_000);
afterAll(async () => { await h.stop(); });

/** How many stored calls of the month Microsoft charged a connection fee on. */
async function callsWithFee(customer: string): Promise<number> {
    let n = 0;
    for await (const c of readMonthCalls(appStateStore(), customer, MONTH)) if (Number(c.charges?.connectionCharge ?? 0) > 0) n++;
    return n;
}

test('a month of the demo world pulled from Graph and rated: Microsoft\'s charge and the app\'s agree on every call, pooled or not, with a fee or not', async () => {
    for (const [name, customer] of Object.entries(WITH_USAGE)) {
        const pulled = await h.as('contosoAdmin')('POST', `/api/customers/${customer}/usage/pull`);
        expect([name, pulled.status, pulled.json.state, pulled.json.badRows]).toEqual([name, 200, 'ok', 0]);
    }
    const run = await runMonth(h, MONTH);
    // a customer that failed says why in the host's log: shown beside it
    expect({ failed: run.outcome.failed ?? [], errors: (run.outcome.failed ?? []).length ? h.logs.filter((l) => l.level === 'error').map((l) => l.message) : [] }).toEqual({ failed: [], errors: [] });

    const months: Record<string, any> = {};
    let withFee = 0;
    for (const [name, customer] of Object.entries(WITH_USAGE)) {
        const res = await h.as('contosoAdmin')('GET', `/api/customers/${customer}/accruals/${MONTH}`);
        expect([name, res.status]).toEqual([name, 200]);
        months[name] = res.json;
        const check = res.json.microsoftCharge;
        expect([name, check.notPriced, check.withoutCharge, check.compared > 100]).toEqual([name, 0, 0, true]);
        expect([name, check.differing, check.differences]).toEqual([name, 0, []]);
        expect([name, check.totals.every((t: any) => t.microsoft === t.app)]).toEqual([name, true]);
        withFee += await callsWithFee(customer);
    }
    // calls with a connection fee were among those compared
    expect(withFee).toBeGreaterThan(0);
    // Woodgrove Bank's calls are all covered (its Domestic and International plan): Microsoft charged nothing, nor did the app
    expect(months.woodgrove.microsoftCharge.totals).toEqual([{ currency: 'EUR', calls: months.woodgrove.microsoftCharge.compared, microsoft: '0.0000', app: '0.0000' }]);
    // pools used up within the month, so calls covered whole, in part and not at all were all compared
    for (const [name, pool] of [['fabrikam', 'DE/domestic'], ['relecloud', 'GB/audioConferencing']] as const) {
        const { included, used } = months[name].poolMinutes[pool];
        expect([name, included > 0, used]).toEqual([name, true, included]);
        expect([name, months[name].billableMinutes > 0]).toEqual([name, true]);
    }
}, 300_000);
