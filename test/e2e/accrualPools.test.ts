// Pools from the tenant and Microsoft's charge as a check, end to end through
// the local host and the simulator's demo world: a month rated as the accrual
// suites rate one (the demo rate card PUT, usage imported, POST
// /api/accruals/{month}), then read as the customer's partner reads it.
// Expected figures are worked out by hand in the comments (the demo rate
// card's EUR prices: NL 0.0304, FR 0.0285 a minute, the simulator's too).
import { runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';
import { DEMO_RATES_CSV } from '../helpers/demoRates';

const MONTH = '2026-11';
const HEADER = ['UsageId', 'User Location', 'Call Type', 'Number Type', 'Domestic/International', 'Destination Dialed', 'Start Time', 'Duration Seconds', 'Currency', 'Capability'];
/** A domestic call of `seconds` from `country`, without Microsoft's charge (the file has no Charge columns). */
const domestic = (id: string, country: string, start: string, seconds: number) => [id, country, 'user_out', 'user', 'Domestic', country, start, seconds, 'EUR', 'MCOPSTN5'].join(',');

let h: AppHost;
beforeAll(async () => {
    h = await freshAppHost();
    // November is over in the app's time (and the simulator's), whatever day the test runs
    await h.setClock('2026-12-02T00:00:00Z');
    expect((await h.call('PUT', '/api/rates', DEMO_RATES_CSV, { 'x-functions-key': h.host.systemKey, 'content-type': 'text/csv' })).status).toBe(200);
});
afterAll(async () => { await h.stop(); });

const upload = async (agent: 'contosoAdmin' | 'litwareAdmin', customer: string, rows: string[]) => {
    const res = await h.as(agent)('POST', `/api/customers/${customer}/usage`, [HEADER.join(','), ...rows].join('\n'), { 'content-type': 'text/csv' });
    expect(res.json).toMatchObject({ accepted: rows.length, badRows: 0, committed: true });
};
const month = async (agent: 'contosoAdmin' | 'litwareAdmin', customer: string) => {
    const res = await h.as(agent)('GET', `/api/customers/${customer}/accruals/${MONTH}`);
    expect(res.status).toBe(200);
    return res.json;
};

test('a pool whose licences came partly from sellers the deployment does not serve, or from Microsoft, is counted whole', async () => {
    // Trey Research (NL) holds 40 E5 with Calling Plan (120 min, and Audio Conferencing): Contoso sold 30, Litware 5,
    // Fourth Coffee Telecom (not served) 5; and 10 Calling Plans of 120 min bought from Microsoft. The served partners
    // see 35 licences in Partner Center (4,200 min); the tenant holds 50 (6,000 min).
    const TREY = CUSTOMERS.trey;
    // Litware holds Trey's overage record (the first purchase, not switched on): its rows count
    await upload('litwareAdmin', TREY, [
        domestic('t-1', 'NL', '2026-11-03T09:00:00Z', 300_000), // 5,000 min, all from the pool
        domestic('t-2', 'NL', '2026-11-04T09:00:00Z', 90_000), //   1,500 min: 1,000 from the pool, 500 beyond it (with Partner Center's 4,200: 2,300)
    ]);
    const run = await runMonth(h, MONTH);
    expect(run.outcome.failed ?? []).toEqual([]); // a customer that failed says why here, not as a 404 below
    expect(run.outcome.incomplete).not.toContain(TREY);

    const trey = await month('litwareAdmin', TREY);
    expect(trey).toMatchObject({
        status: 'complete', poolSource: 'tenant', billableMinutes: 500,
        // no overage on and no credits: refused, 500 × 0.0304 = 15.20
        refusedCalls: 1, refusedAmount: '15.2000',
        poolMinutes: { 'NL/audioConferencing': { included: 2400, used: 0 }, 'NL/domestic': { included: 6000, used: 6000 } },
    });
    // the E5 counts for its Audio Conferencing too; each pool where the users holding the licences are
    expect(trey.poolLicences).toEqual([
        { sku: 'SPE_E5_CALLINGMINUTES', capability: 'MCOMEETADD', plan: 'audioConferencing', country: 'NL', licences: 40, minutesPerLicence: 60, countryFrom: 'usageLocation' },
        { sku: 'MCOPSTN5', capability: 'MCOPSTN5', plan: 'domestic', country: 'NL', licences: 10, minutesPerLicence: 120, countryFrom: 'usageLocation' },
        { sku: 'SPE_E5_CALLINGMINUTES', capability: 'MCOPSTN5', plan: 'domestic', country: 'NL', licences: 40, minutesPerLicence: 120, countryFrom: 'usageLocation' },
    ]);
    // the file had no Charge columns: nothing to compare, and said so
    expect(trey.microsoftCharge).toMatchObject({ compared: 0, withoutCharge: 2, differing: 0, differences: [] });
    expect(trey.warnings.join(' ')).not.toMatch(/could not be read/);
}, 120_000);

test('a tenant that refuses the read: Partner Center\'s licences, a warning, and the month incomplete until a rating reads the tenant', async () => {
    // Proseware (CH): Contoso's GDAP relationship carries no role that reads the directory, so Graph answers 403
    const PROSEWARE = CUSTOMERS.proseware;
    await upload('contosoAdmin', PROSEWARE, [domestic('p-1', 'CH', '2026-11-10T09:00:00Z', 60)]);
    const first = await runMonth(h, MONTH);
    expect(first.outcome.incomplete).toContain(PROSEWARE);
    const refused = await month('contosoAdmin', PROSEWARE);
    expect(refused).toMatchObject({
        status: 'incomplete', poolSource: 'partnerCenter', missingRates: [],
        // Contoso's 15 Teams Phone with Calling Plan (120 min), as Partner Center shows them
        poolMinutes: { 'CH/domestic': { included: 1800, used: 1 } },
        poolLicences: [{ sku: 'Microsoft Teams Phone with Calling Plan', capability: null, plan: 'domestic', country: 'CH', licences: 15, minutesPerLicence: 120, countryFrom: 'partnerCenter' }],
    });
    expect(refused.warnings).toContainEqual(expect.stringMatching(/^The licences of the customer's tenant could not be read \(Microsoft Graph refused them: HTTP 403\).*stays incomplete until it is rated again/));

    // the customer gives Contoso a relationship with a directory-reading role; the month rated again reads the tenant
    expect((await h.call('POST', `/simulator/customers/${PROSEWARE}`, { policies: { gdapAzureAccess: true } })).status).toBe(200);
    const again = await runMonth(h, MONTH);
    expect(again.outcome.incomplete).not.toContain(PROSEWARE);
    const read = await month('contosoAdmin', PROSEWARE);
    expect(read).toMatchObject({ status: 'complete', poolSource: 'tenant', poolMinutes: { 'CH/domestic': { included: 1800, used: 1 } } });
    expect(read.warnings.join(' ')).not.toMatch(/could not be read/);
}, 120_000);

test('Microsoft\'s charge beside the app\'s rating: the one call Microsoft charged differently is listed, the sums shown, the lines untouched', async () => {
    // Humongous Insurance (DE, EUR): three calls to France, never covered by a domestic plan. The simulator charges
    // its rate table's price (0.0285 a minute), except for h-3, charged 0.50 on purpose.
    const HUMONGOUS = CUSTOMERS.humongous;
    const given = await h.call('POST', `/simulator/customers/${HUMONGOUS}/pstnCalls`, {
        mode: 'replace',
        calls: [
            { id: 'h-1', startDateTime: '2026-11-03T09:00:00Z', duration: 61, callType: 'user_out', destinationName: 'France' }, //  2 min: 0.057
            { id: 'h-2', startDateTime: '2026-11-04T09:00:00Z', duration: 125, callType: 'user_out', destinationName: 'France' }, // 3 min: 0.0855
            { id: 'h-3', startDateTime: '2026-11-05T09:00:00Z', duration: 30, callType: 'user_out', destinationName: 'France', charge: 0.5, connectionCharge: 0 }, // 1 min: 0.0285
        ],
    });
    expect(given.status).toBe(200);
    // Microsoft's records, pulled from Graph as Contoso (the pull keeps each row's charges)
    const pulled = await h.as('contosoAdmin')('POST', `/api/customers/${HUMONGOUS}/usage/pull`);
    expect(pulled.json).toMatchObject({ state: 'ok', committed: true, accepted: 3, badRows: 0 });

    await runMonth(h, MONTH);
    const humongous = await month('contosoAdmin', HUMONGOUS);
    expect(humongous.microsoftCharge).toEqual({
        compared: 3, withoutCharge: 0, notPriced: 0,
        // Microsoft 0.057 + 0.0855 + 0.5 = 0.6425; the app 0.057 + 0.0855 + 0.0285 = 0.171
        totals: [{ currency: 'EUR', calls: 3, microsoft: '0.6425', app: '0.1710' }],
        differing: 1,
        differences: [{ usageId: 'h-3', start: '2026-11-05T09:00:00.000Z', destination: 'FR', currency: 'EUR', app: '0.0285', microsoft: '0.5' }],
    });
    expect(humongous.warnings).toContain('1 call(s) were rated more than 0.0001 away from Microsoft\'s own charge (Microsoft 0.6425 EUR, the app 0.1710 EUR): the lines bill the app\'s rating; see microsoftCharge for the calls');
    // the rating stays the app's own: no overage on, so the three calls are refused at the app's price
    expect(humongous).toMatchObject({ billableMinutes: 6, refusedCalls: 3, refusedAmount: '0.1710' });
}, 120_000);
