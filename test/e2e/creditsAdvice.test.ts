// The credits advice through the local host: three months of Graphic Design
// Institute's calls imported and rated, then GET .../credits/advice as any
// agent of its partner (every answer checked against the OpenAPI document by
// the host helper). Another partner finds no such customer; a customer without
// credits, or without a rated month, gets an answer that says so. Last, the
// demo world's School of Fine Art, its usage pulled from the simulated Graph.
import { EUR_RATES, runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';
import { call, csv, type Row } from '../usage/usageRows';
import { putDemoRates } from '../helpers/demoRates';

const GDI = CUSTOMERS.graphicDesign; // IE, Contoso's overage on (set outside the app), 42.75 EUR credits, no auto-recharge
const MONTHS = ['2026-08', '2026-09', '2026-10'];
const advice = (customer: string) => `/api/customers/${customer}/credits/advice`;

/** Two 20-minute calls to France every weekday of the month, none at weekends: 2 × 20 × 0.03 = 1.20 EUR a weekday, never in a pool. */
function monthRows(month: string): Row[] {
    const rows: Row[] = [];
    for (let day = new Date(`${month}-01T00:00:00Z`); day.toISOString().startsWith(month); day = new Date(day.getTime() + 86_400_000)) {
        if ([0, 6].includes(day.getUTCDay())) continue;
        const date = day.toISOString().slice(0, 10);
        for (const hour of ['09', '14']) {
            rows.push(call(`gdi-${date}-${hour}`, {
                'User Location': 'IE', 'UPN': 'ciara@graphicdesign.example', 'Domestic/International': 'International', 'Destination Dialed': 'FR',
                'Start Time': `${date}T${hour}:00:00Z`, 'End Time': `${date}T${hour}:20:00Z`, 'Duration Seconds': '1200',
            }));
        }
    }
    return rows;
}
const weekdays = (month: string) => monthRows(month).length / 2;

let h: AppHost;
beforeAll(async () => {
    h = await freshAppHost();
    await h.setClock('2026-11-05T09:00:00Z');
    expect((await h.call('PUT', '/api/rates', EUR_RATES, { 'x-functions-key': h.host.systemKey })).status).toBe(200);
    // and one call to India, which the rate card lacks: October is rated incomplete
    const india = call('gdi-india', { 'User Location': 'IE', 'Domestic/International': 'International', 'Destination Dialed': 'IN', 'Start Time': '2026-10-14T10:00:00Z', 'End Time': '2026-10-14T10:01:00Z', 'Duration Seconds': '60' });
    const imported = await h.as('contosoAdmin')('POST', `/api/customers/${GDI}/usage`, csv([...MONTHS.flatMap(monthRows), india]), { 'content-type': 'text/csv' });
    expect(imported.json).toMatchObject({ badRows: 0, accepted: MONTHS.reduce((n, m) => n + 2 * weekdays(m), 1) });
    for (const month of MONTHS) await runMonth(h, month);
});
afterAll(async () => h?.stop());

test('steady weekdays: a threshold of two largest days, a recharge of the busiest week, the months it used', async () => {
    const res = await h.as('contosoSales')('GET', advice(GDI));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
        customerTenantId: GDI, asOf: expect.stringMatching(/^2026-11-05T09:/), recommendation: 'auto-recharge', currency: 'EUR',
        current: { balance: '42.7500', autoRecharge: null },
        // largest day 1.20: 2 × 1.20 = 2.40, the next whole euro 3; the busiest week 5 × 1.20 = 6.00
        autoRecharge: { threshold: '3.0000', amount: '6.0000' },
        monthsUsed: MONTHS.map((month) => ({ month, spend: (weekdays(month) * 1.2).toFixed(4), daysWithSpend: weekdays(month) })),
        replay: { reachedZeroOn: null },
    });
    expect(res.json.assumptions).toContain('The largest day in 2026-08, 2026-09, 2026-10 was 1.20 EUR (2026-08-03); a threshold of 2 such days, rounded up to the next whole EUR, is 3.00 EUR.');
    // what the advice could not count is said
    expect(res.json.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/^2026-10 was rated incomplete/), expect.stringMatching(/^1 call\(s\) had no rate/)]));
});

test('another partner\'s agent finds no such customer; a bad id or no token is refused with a problem', async () => {
    const other = await h.as('litwareAdmin')('GET', advice(GDI));
    expect(other).toMatchObject({ status: 404, json: { code: 'customer-not-found' } });
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.as('contosoAdmin')('GET', advice('not-a-tenant'))).json).toMatchObject({ code: 'invalid-request', remedy: expect.any(String) });
    expect((await h.call('GET', advice(GDI))).status).toBe(401);
});

test('a customer without credits, and one on credits without a rated month, are told so', async () => {
    expect((await h.as('contosoAdmin')('GET', advice(CUSTOMERS.lucerne))).json).toMatchObject({ recommendation: 'not-on-credits', summary: expect.stringContaining('Not paying with credits'), monthsUsed: [] });
    // Fabrikam: 0 EUR and auto-recharge off
    expect((await h.as('contosoAdmin')('GET', advice(CUSTOMERS.fabrikam))).json).toMatchObject({ recommendation: 'not-on-credits', current: { balance: '0.0000' } });
    const none = await h.as('contosoAdmin')('GET', advice(CUSTOMERS.fineArt));
    expect(none).toMatchObject({ status: 200, json: { recommendation: 'not-enough-usage', currency: 'USD', missing: expect.stringContaining('No month from 2025-11 to 2026-10 has been rated') } });
});

test('the demo world\'s School of Fine Art: its months pulled from Graph and rated, the advice keeps its credits above zero', async () => {
    await h.setClock('2026-12-07T09:00:00Z');
    expect(await putDemoRates(h)).toBe(200);
    const pulled = await h.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.fineArt}/usage/pull`, { from: '2026-09-01' });
    expect(pulled.json).toMatchObject({ state: 'ok', committed: true, badRows: 0 });
    for (const month of ['2026-09', '2026-10', '2026-11']) await runMonth(h, month);

    const res = await h.as('contosoSales')('GET', advice(CUSTOMERS.fineArt));
    expect(res.json).toMatchObject({ recommendation: 'auto-recharge', currency: 'USD', replay: { reachedZeroOn: null } });
    expect(res.json.monthsUsed.map((m: { month: string }) => m.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    // every month cost more than the 25.50 USD balance the world starts with: the credits run low within a month
    for (const m of res.json.monthsUsed) expect(Number(m.spend)).toBeGreaterThan(25.5);
    expect(Number(res.json.autoRecharge.threshold)).toBeGreaterThan(2 * Number(res.json.measures.largestDay.amount));
});
