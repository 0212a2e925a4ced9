// A month of usage through the local host: rates put by an operator, the PSTN
// usage CSV imported by the partner, a handover in the middle of the month,
// the accrual run, the customer's accrual and each partner's reconciliation
// file. Expected figures are worked out by hand in the comments.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { EUR_RATES, runMonth as runAccrual, SUB_7, SUB_8 } from '../helpers/accruals';
import { handoverClient } from '../helpers/handovers';

let h: AppHost;
const MONTH = '2026-11';
const LUCERNE = CUSTOMERS.lucerne; // BE, domestic pools 10×120 (Litware) + 20×120 (Contoso) = 3600 min; Contoso's overage on SUB_7 (set outside the app)
const FABRIKAM = CUSTOMERS.fabrikam; // DE, domestic pool 25×120 = 3000 min; no overage; credits 0 EUR
const RATES = EUR_RATES;

const HEADER = 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability';
const row = (id: string, location: string, type: string, domIntl: string, destination: string, start: string, seconds: number, capability = 'MCOPSTN1') =>
    [id, `call-${id}`, '', location, '00000000-0000-0000-0000-000000000001', 'user@example.com', 'A User', '+3220000000', type, 'user', domIntl, destination, '+3221111111', start, start, seconds, '0', '0', 'EUR', capability].join(',');

const LUCERNE_CSV = [HEADER,
    row('l1', 'BE', 'user_out', 'Domestic', 'BE', '2026-11-02T10:00:00Z', 216_000), // 3600 min: drains the pool exactly
    row('l2', 'BE', 'user_out', 'Domestic', 'BE', '2026-11-03T09:00:00Z', 125), //      3 min beyond the pool: 3 × 0.015 = 0.045, Contoso SUB_7
    row('l3', 'BE', 'user_out', 'International', 'United Kingdom', '2026-11-05T08:00:00Z', 61), // 2 min, never covered: 2 × 0.04 = 0.08 + fee 0.01, Contoso
    row('l4', 'BE', 'user_in', '', '', '2026-11-06T08:00:00Z', 600), //                   inbound: free
    row('l6', 'BE', 'user_out', 'Domestic', 'BE', '2026-12-01T00:00:00Z', 60), //         next month
].join('\n');
// usage has an owner: the call after the handover is Litware's to import, once its setting is in force, and
// Litware's lines are rated from its own rows only (Contoso's rows do not use up the pool before Litware's calls)
const LUCERNE_LITWARE_CSV = [HEADER,
    row('l5', 'BE', 'user_out', 'Domestic', 'BE', '2026-11-30T23:59:59Z', 216_060), //  after the handover: 3601 min, 3600 from the pool as Litware's rows see it, 1 × 0.015, Litware SUB_8, day 30
].join('\n');

const FABRIKAM_CSV = [HEADER,
    row('f1', 'DE', 'user_out', 'International', 'FR', '2026-11-10T12:00:00Z', 60), // 1 min, never covered, no overage, no credits: refused 0.03
].join('\n');

beforeAll(async () => {
    h = await startAppHost();
    // the month is lived in the app's time, whatever day the test runs: the handover below happens on 29 November
    await h.setClock('2026-11-29T12:00:00Z');
});
afterAll(async () => { await h.stop(); });

const operator = () => ({ 'x-functions-key': h.host.systemKey });
const importCsv = (customer: string, csv: string, agent: 'contosoAdmin' | 'litwareAdmin' = 'contosoAdmin') =>
    h.as(agent)('POST', `/api/customers/${customer}/usage`, csv, { 'content-type': 'text/csv' });

const runMonth = () => runAccrual(h, MONTH);

test('a month with a handover in the middle: pools, overage per partner, refused calls, two partners\' files, identical re-runs', async () => {
    expect((await h.call('PUT', '/api/rates', RATES, operator())).status).toBe(200);
    const imported = await importCsv(LUCERNE, LUCERNE_CSV);
    expect(imported.status).toBeLessThan(300);
    expect(imported.json).toMatchObject({ accepted: expect.any(Number), badRows: 0 });
    expect((await importCsv(FABRIKAM, FABRIKAM_CSV)).status).toBeLessThan(300);
    // importing the same file again changes nothing
    expect((await importCsv(LUCERNE, LUCERNE_CSV)).json).toMatchObject({ accepted: 0 });

    // Contoso hands Lucerne over to Litware (SUB_8) now, on 29 November (the host's clock)
    const c = handoverClient(h);
    const ask = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 });
    const links = await c.links(ask.json.id, { currentPartner: 'ops@contoso-telecom.example', newPartner: 'csp@litware-voice.example', customer: 'it@lucerne-publishing.example' });
    for (const party of ['currentPartner', 'newPartner', 'customer'] as const) await c.answer(links[party], 'approve');
    expect((await c.ended(ask.headers.get('location')!)).status).toBe('completed');
    expect((await importCsv(LUCERNE, LUCERNE_LITWARE_CSV, 'litwareAdmin')).json).toMatchObject({ accepted: 1, badRows: 0 });

    const run = await runMonth();
    expect(run.outcome).toMatchObject({ month: MONTH, customers: 2, failed: [], incomplete: [] });

    const contoso = (await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json;
    expect(contoso).toMatchObject({
        month: MONTH, currency: 'EUR', status: 'complete', poolMinutes: { 'BE/domestic': { included: 3600, used: 3600 } },
        // the customer's figures count every call: after l1 used the pool, l5's 3601 min are all beyond it (3 + 2 + 3601)
        billableMinutes: 3606, refusedCalls: 0, refusedAmount: '0.0000',
    });
    const brief = (l: any) => [l.UsageDate, l.SubscriptionId, l.MeterId, l.Quantity, l.UnitPrice, l.BillingPreTaxTotal];
    expect(contoso.lines.map(brief)).toEqual([
        ['2026-11-03', SUB_7, 'tc-be', '3', '0.015', '0.0450'],
        ['2026-11-05', SUB_7, 'tc-gb', '2', '0.04', '0.0800'],
        ['2026-11-05', SUB_7, 'tc-gb:connection', '1', '0.01', '0.0100'],
    ].map(([d, s, m, q, u, t]) => [d, s, m, expect.stringMatching(new RegExp(`^${q}(\\.0+)?$`)), expect.stringMatching(new RegExp(`^${u.replace('.', '\\.')}0*$`)), t]));
    expect(contoso.lines.every((l: any) => l.PartnerId === '1001' && l.ChargeType === 'usage' && l.PartnerEarnedCreditPercentage === 0 && l.ResourceGroup === 'M365')).toBe(true);
    const litware = (await h.as('litwareAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json;
    expect(litware.lines.map((l: any) => [l.UsageDate, l.SubscriptionId, l.MeterId, l.BillingPreTaxTotal])).toEqual([['2026-11-30', SUB_8, 'tc-be', '0.0150']]);
    // a month split by the handover: each partner sees the overage it bills, never the other's amount
    expect([contoso.overageAmount, litware.overageAmount]).toEqual(['0.1350', '0.0150']);
    // nor the other's Azure subscription, in the lines or in the warnings
    expect(JSON.stringify(litware)).not.toContain(SUB_7);
    expect(JSON.stringify(contoso)).not.toContain(SUB_8);

    const fabrikam = (await h.as('contosoAdmin')('GET', `/api/customers/${FABRIKAM}/accruals/${MONTH}`)).json;
    expect(fabrikam).toMatchObject({ billableMinutes: 1, overageAmount: '0.0000', refusedCalls: 1, refusedAmount: '0.0300', lines: [] });
    expect(fabrikam.warnings.join(' ')).toMatch(/opening balance/);

    // each partner's file holds its own lines only
    const file = await h.as('contosoAdmin')('GET', `/api/partners/1001/reconciliation/${MONTH}.csv`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    const csvLines = file.text.trim().split('\n');
    expect(csvLines[0]).toMatch(/^PartnerId,CustomerId,CustomerName,ResellerMPNID,SubscriptionId/);
    expect(csvLines).toHaveLength(4);
    expect((await h.as('litwareAdmin')('GET', `/api/partners/1001/reconciliation/${MONTH}.csv`)).status).toBe(403);
    const theirs = await h.as('litwareAdmin')('GET', `/api/partners/1002/reconciliation/${MONTH}.csv`);
    expect(theirs.text.trim().split('\n')).toHaveLength(2);

    // rating the month again yields the very same lines
    await runMonth();
    const again = (await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json;
    expect(again.lines).toEqual(contoso.lines);
    expect((await h.as('contosoAdmin')('GET', `/api/partners/1001/reconciliation/${MONTH}.csv`)).text).toBe(file.text);
    // and the partners were told where their files are
    const mails = await c.mailbox();
    expect(mails.some((m) => m.to.includes('ops@contoso-telecom.example') && m.links.some((l) => l.endsWith(`/api/partners/1001/reconciliation/${MONTH}.csv`)))).toBe(true);
}, 120_000);

test('only operators and admin agents run a month; a partner\'s run covers only its customers', async () => {
    expect((await h.call('POST', `/api/accruals/${MONTH}`)).status).toBe(401);
    expect((await h.as('contosoSales')('POST', `/api/accruals/${MONTH}`)).status).toBe(403);
    expect((await h.call('POST', '/api/accruals/2026-13', undefined, operator())).status).toBe(400);
    const c = handoverClient(h);
    const toContoso = async () => (await c.mailbox()).filter((m) => m.to.includes('ops@contoso-telecom.example') && /reconciliation/i.test(m.subject)).length;
    const contosoMailsBefore = await toContoso();
    const mine = await h.as('litwareAdmin')('POST', `/api/accruals/${MONTH}`);
    expect(mine.status).toBe(202);
    const done = await c.poll('the partner run', async () => {
        const s = await h.as('litwareAdmin')('GET', new URL(mine.headers.get('location')!).pathname);
        return s.json.status === 'completed' ? s.json : undefined;
    }, 60_000);
    // Litware has Lucerne, not Fabrikam
    expect(done.outcome.customers).toBe(1);
    // Lucerne's month has Contoso's lines too (before the handover), yet Litware's run neither names Contoso nor mails it
    expect(done.outcome.partnerIds).toEqual(['1002']);
    expect(await toContoso()).toBe(contosoMailsBefore);
    expect((await h.as('contosoAdmin')('GET', new URL(mine.headers.get('location')!).pathname)).status).toBe(404);
}, 90_000);
