// GET /api/customers/{id}/accruals/current end to end through the local host
// (one host for the file, the demo world without Lucerne's drawn calls, so
// the month holds only the calls imported here): the month so far on the
// app's clock, its forecast, the caller's partner's overage, nothing
// written; another partner's customer is not found; and at the month's end
// the month to date is the accrual's rating of the same calls.
import { EUR_RATES, runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';

const LUCERNE = CUSTOMERS.lucerne; // BE, domestic pools 10×120 (Litware) + 20×120 (Contoso) = 3,600 min; Contoso's overage on SUB_7
const MONTH = '2026-11'; // the 1st is a Sunday
const HEADER = 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability';
const row = (id: string, domIntl: string, destination: string, start: string, seconds: number) =>
    [id, `call-${id}`, '', 'BE', '00000000-0000-0000-0000-000000000001', 'user@example.com', 'A User', '+3220000000', 'user_out', 'user', domIntl, destination, '+3221111111', start, start, seconds, '0', '0', 'EUR', 'MCOPSTN1'].join(',');
const CSV = [HEADER,
    row('n1', 'Domestic', 'BE', '2026-11-02T10:00:00Z', 180_000), //      3,000 min from the pool
    row('n2', 'Domestic', 'BE', '2026-11-05T09:00:00Z', 42_000), //       700 min: 600 from the pool (now dry), 100 × 0.015 = 1.50
    row('n3', 'International', 'United Kingdom', '2026-11-10T08:00:00Z', 61), // 2 min never covered: 2 × 0.04 + 0.01 = 0.09
    row('n4', 'Domestic', 'BE', '2026-11-25T09:00:00Z', 600), //          after the clock of the first tests: 10 × 0.015 = 0.15
    row('n5', 'Domestic', 'BE', '2026-11-30T23:59:00Z', 60), //           the month's last minute: 1 × 0.015
].join('\n');

describe('the month to date through the local host', () => {
    let h: AppHost;
    const current = `/api/customers/${LUCERNE}/accruals/current`;

    beforeAll(async () => {
        h = await freshAppHost({ edit: (world) => { delete world.customers.find((c: { tenantId: string }) => c.tenantId === LUCERNE).usage; } });
        await h.setClock('2026-11-20T12:00:00Z');
        expect((await h.call('PUT', '/api/rates', EUR_RATES, { 'x-functions-key': h.host.systemKey })).status).toBe(200);
        const imported = await h.as('contosoAdmin')('POST', `/api/customers/${LUCERNE}/usage`, CSV, { 'content-type': 'text/csv' });
        expect(imported.json).toMatchObject({ accepted: 5, badRows: 0 });
    });
    afterAll(async () => { await h?.stop(); });

    test('on the 20th: the calls so far rated, every day to today, a forecast, nothing written', async () => {
        const res = await h.as('contosoSales')('GET', current);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const mtd = res.json;
        expect(mtd).toMatchObject({
            month: MONTH, customerTenantId: LUCERNE, currency: 'EUR', status: 'month-to-date', asOf: '2026-11-10T08:00:00.000Z',
            poolMinutes: { 'BE/domestic': { included: 3600, used: 3600 } }, billableMinutes: 102, overageAmount: '1.5900', refusedCalls: 0,
        });
        expect(mtd.days).toHaveLength(20);
        expect(mtd.days[1]).toEqual({ date: '2026-11-02', poolMinutes: 3000, billableMinutes: 0, creditsUsed: '0.0000', overageAmount: '0.0000' });
        expect(mtd.days[4]).toEqual({ date: '2026-11-05', poolMinutes: 600, billableMinutes: 100, creditsUsed: '0.0000', overageAmount: '1.5000' });
        expect(mtd.days[19]).toMatchObject({ date: '2026-11-20', billableMinutes: 0 });
        const f = mtd.forecast;
        expect(f).toMatchObject({ to: '2026-11-30', poolRunsOutOn: '2026-11-05', creditsRunOutOn: null, basis: { daysObserved: 10, monthsUsed: [] } });
        const amounts = [f.overageAmount.low, f.overageAmount.expected, f.overageAmount.high].map(Number);
        expect(amounts[0]).toBeGreaterThanOrEqual(1.59);
        expect(amounts[0] <= amounts[1] && amounts[1] <= amounts[2]).toBe(true);
        // nothing was written: the month has no accrual until it is rated
        expect((await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json).toMatchObject({ code: 'accrual-not-found' });
    });

    test('the month route hands "current" over too (a host that tries .../accruals/{month} first, as the Functions host may)', async () => {
        // the local host takes the literal route first; a last segment written percent-encoded is not that literal,
        // so it reaches customerAccrual with month = "current", as a host ordering routes by function name sends it
        const viaMonthRoute = await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/%63urrent`);
        expect([viaMonthRoute.status, viaMonthRoute.json.status, viaMonthRoute.json.overageAmount]).toEqual([200, 'month-to-date', '1.5900']);
    });

    test('another partner sees its own overage, none of Contoso\'s; a partner the customer is not with gets 404', async () => {
        // Litware sold some of Lucerne's licences, so it may read the customer; every line is Contoso's
        const litware = await h.as('litwareAdmin')('GET', current);
        expect(litware.status).toBe(200);
        expect([litware.json.overageAmount, litware.json.forecast.overageAmount.expected, litware.json.billableMinutes]).toEqual(['0.0000', '0.0000', 102]);
        const tailspin = await h.as('tailspinAdmin')('GET', current);
        expect([tailspin.status, tailspin.json.code]).toEqual([404, 'customer-not-found']);
        expect((await h.call('GET', current)).status).toBe(401);
        expect((await h.as('contosoAdmin')('GET', '/api/customers/not-a-tenant/accruals/current')).json).toMatchObject({ status: 400, code: 'invalid-request' });
    });

    test('at the month\'s end the month to date is the month-end rating of the same calls', async () => {
        // the clock runs on from the time set: a few seconds before the end leaves the request inside November
        await h.setClock('2026-11-30T23:59:30Z');
        const mtd = (await h.as('contosoAdmin')('GET', current)).json;
        expect(mtd).toMatchObject({ month: MONTH, asOf: '2026-11-30T23:59:00.000Z', billableMinutes: 113, overageAmount: '1.7550' });
        expect(mtd.days).toHaveLength(30);
        await runMonth(h, MONTH);
        const rated = (await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json;
        const figures = (m: any) => ({
            poolMinutes: m.poolMinutes, billableMinutes: m.billableMinutes, creditsOpening: m.creditsOpening, creditsUsed: m.creditsUsed, recharges: m.recharges,
            creditsExhausted: m.creditsExhausted, overageAmount: m.overageAmount, refusedCalls: m.refusedCalls, refusedAmount: m.refusedAmount, missingRates: m.missingRates,
        });
        expect(figures(mtd)).toEqual(figures(rated));
        // the days add up to the lines the month bills
        const byDay = new Map<string, number>();
        for (const l of rated.lines) byDay.set(l.UsageDate, (byDay.get(l.UsageDate) ?? 0) + Number(l.BillingPreTaxTotal));
        expect(mtd.days.filter((d: any) => d.overageAmount !== '0.0000').map((d: any) => [d.date, Number(d.overageAmount)])).toEqual([...byDay].sort());
    });
});
