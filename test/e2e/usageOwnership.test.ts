// Usage has an owner, through the local host and the simulator's demo world:
// Contoso (1001) holds Lucerne Publishing's overage (set outside the app);
// Litware (1002) also sells Lucerne licenses, so it may call the customer's
// usage endpoints, but its rows count only where its own setting is in force.
// Expected figures are worked out by hand in the comments.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { handoverClient } from '../helpers/handovers';

let h: AppHost;
const LUCERNE = CUSTOMERS.lucerne; // BE, domestic pools 10×120 + 20×120 = 3600 min; Contoso's overage on SUB_7
const SUB_7 = '30000000-0000-4000-8000-000000000007';
const RATES = {
    currency: 'EUR', effectiveFrom: '2026-01-01', rates: [
        { meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: 0.015, connectionFee: 0 },
        { meterId: 'tc-gb', meterName: 'Teams Calling United Kingdom', meterCategory: 'Teams Calling', destination: 'GB', perMinute: 0.04, connectionFee: 0.01 },
    ],
};
const HEADER = 'UsageId,User Location,Call Type,Number Type,Domestic/International,Destination Dialed,Start Time,Duration Seconds,Currency,Capability';
const row = (id: string, start: string, seconds: number, destination = 'BE') =>
    [id, 'BE', 'user_out', 'user', destination === 'BE' ? 'Domestic' : 'International', destination, start, seconds, 'EUR', 'MCOPSTN1'].join(',');
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

beforeAll(async () => {
    h = await startAppHost();
    expect((await h.call('PUT', '/api/rates', RATES, operator())).status).toBe(200);
});
afterAll(async () => { await h.stop(); });

const operator = () => ({ 'x-functions-key': h.host.systemKey });
const upload = (agent: 'contosoAdmin' | 'litwareAdmin', text: string, mode = 'all-or-nothing') =>
    h.as(agent)('POST', `/api/customers/${LUCERNE}/usage?mode=${mode}`, text, { 'content-type': 'text/csv' });
const accrual = async (agent: 'contosoAdmin' | 'litwareAdmin', month: string) => (await h.as(agent)('GET', `/api/customers/${LUCERNE}/accruals/${month}`)).json;
const brief = (lines: any[]) => lines.map((l) => [l.UsageDate, l.PartnerId, l.SubscriptionId, l.MeterId, l.BillingPreTaxTotal]);

/** Runs a month as an operator, or as a partner's admin agent, to its end. */
async function runMonth(month: string, agent?: 'contosoAdmin' | 'litwareAdmin'): Promise<any> {
    const call = agent ? h.as(agent) : (m: string, p: string) => h.call(m, p, undefined, operator());
    const started = await call('POST', `/api/accruals/${month}`);
    expect(started.status).toBe(202);
    return handoverClient(h).poll(`the accrual run of ${month}`, async () => {
        const s = await call('GET', new URL(started.headers.get('location')!).pathname);
        return s.json.status === 'completed' ? s.json : s.json.status === 'failed' ? Promise.reject(new Error(JSON.stringify(s.json))) : undefined;
    }, 60_000);
}

test('a partner cannot add usage to another partner\'s bill: its rows outside its own setting are refused, and its run changes nothing of the other\'s', async () => {
    // Contoso's November: 3600 min drain the pool on the 2nd; 3 min beyond it on the 3rd (0.045); 2 min to GB on the 5th (0.08 + fee 0.01)
    const contoso = await upload('contosoAdmin', csv(
        row('n1', '2026-11-02T10:00:00Z', 216_000), row('n2', '2026-11-03T09:00:00Z', 125), row('n3', '2026-11-05T08:00:00Z', 61, 'GB')));
    expect(contoso.json).toMatchObject({ accepted: 3, badRows: 0, committed: true });
    await runMonth('2026-11');
    const before = await accrual('contosoAdmin', '2026-11');
    expect(brief(before.lines)).toEqual([
        ['2026-11-03', '1001', SUB_7, 'tc-be', '0.0450'], ['2026-11-05', '1001', SUB_7, 'tc-gb', '0.0800'], ['2026-11-05', '1001', SUB_7, 'tc-gb:connection', '0.0100'],
    ]);
    const fileBefore = (await h.as('contosoAdmin')('GET', '/api/partners/1001/reconciliation/2026-11.csv')).text;

    // Litware makes up 20 calls of 8 hours during Contoso's setting (the observation)
    const madeUp = Array.from({ length: 20 }, (_, i) => row(`lw-${i}`, `2026-11-${String(10 + (i % 10)).padStart(2, '0')}T0${i % 8}:00:00Z`, 8 * 3600));
    const refused = await upload('litwareAdmin', csv(...madeUp));
    expect([refused.status, refused.json.code]).toEqual([422, 'bad-rows']);
    expect(refused.json).toMatchObject({ rowsRead: 20, accepted: 0, badRows: 20, committed: false });
    expect(refused.json.badRowsListed[0]).toEqual({
        line: 2, column: 'Start Time',
        reason: 'the call started while another partner\'s overage setting was in force: a partner imports only calls made while its own setting was in force (yours: none)',
    });
    expect(JSON.stringify(refused.json)).not.toContain(SUB_7);
    const skipped = await upload('litwareAdmin', csv(...madeUp), 'skip-bad-rows');
    expect(skipped.json).toMatchObject({ accepted: 0, badRows: 20, committed: true });

    // Litware's own run, then everyone's: Contoso's lines and file are what they were
    expect((await runMonth('2026-11', 'litwareAdmin')).outcome.partnerIds).toEqual([]);
    expect((await accrual('contosoAdmin', '2026-11')).lines).toEqual(before.lines);
    await runMonth('2026-11');
    expect((await accrual('contosoAdmin', '2026-11')).lines).toEqual(before.lines);
    expect((await h.as('contosoAdmin')('GET', '/api/partners/1001/reconciliation/2026-11.csv')).text).toBe(fileBefore);
}, 120_000);
