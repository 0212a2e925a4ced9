// Usage and the monthly accrual end to end through the local host: a month
// from rates and usage to each partner's reconciliation, rate cards, the usage
// import, usage that has an owner, and the monthly timer. Each part on a host
// of its own with the demo world as it starts (test/helpers/freshHost.ts),
// one after another.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { previousMonth } from '../../shared/core/rating/month';
import type { UsageCall } from '../../shared/core/rating/ratingModel';
import { readRateCards } from '../../shared/features/accrual/rateCards';
import { adoptSetting, recordSetting } from '../../shared/features/overage/settingStore';
import { USAGE_CONTAINERS, UsageImportDoc, batchId, customersWithUsage, readMonthCalls } from '../../shared/features/usage/usageStore';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { EUR_RATES, SUB_7, SUB_8, runMonth as runAccrual } from '../helpers/accruals';
import { AGENTS, APP_ENTRY, AppHost, CUSTOMERS } from '../helpers/appHost';
import { appStateStore, freshAppHost, freshTestHost } from '../helpers/freshHost';
import { handoverClient } from '../helpers/handovers';
import { TestHost, tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { Row, call, csv } from '../usage/usageRows';

describe('a month of usage', () => {
    // A month of usage through the local host: rates put by an operator, the PSTN
    // usage CSV imported by the partner, a handover in the middle of the month,
    // the accrual job, the customer's accrual and each partner's reconciliation
    // file. Expected figures are worked out by hand in the comments.
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
        h = await freshAppHost();
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

        // before the month is rated, the customer's list of rated months does not hold it (a picker asks nothing more)
        const none = await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals`);
        expect(none.status).toBe(200);
        expect(none.json.items.map((m: { month: string }) => m.month)).not.toContain(MONTH);

        const run = await runMonth();
        expect(run.outcome).toMatchObject({ month: MONTH, customers: 2, failed: [], incomplete: [] });

        // rated: listed for both partners, each with its own amount and lines only
        const listed = async (agent: 'contosoAdmin' | 'litwareAdmin') => (await h.as(agent)('GET', `/api/customers/${LUCERNE}/accruals`)).json.items.find((m: { month: string }) => m.month === MONTH);
        expect(await listed('contosoAdmin')).toMatchObject({ status: 'complete', currency: 'EUR', overageAmount: '0.1350', lines: 3, ratedAt: expect.any(String), href: expect.stringContaining(`/api/customers/${LUCERNE}/accruals/${MONTH}`) });
        expect(await listed('litwareAdmin')).toMatchObject({ overageAmount: '0.0150', lines: 1 });
        expect((await h.as('adatumAdmin')('GET', `/api/customers/${LUCERNE}/accruals`)).status).toBe(404); // not Adatum's customer

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
});

describe('rate cards', () => {
    // Rate cards through the local host: operators (system key) PUT them as JSON
    // or CSV and GET them; partners' agents and callers without the key are refused.
    let h: AppHost;
    beforeAll(async () => { h = await freshAppHost(); });
    afterAll(async () => { await h.stop(); });

    const key = () => ({ 'x-functions-key': h.host.systemKey });
    const csv = (text: string, headers: Record<string, string> = key()) => h.call('PUT', '/api/rates', text, { 'content-type': 'text/csv', ...headers });
    const HEADER = 'MeterId,MeterName,MeterCategory,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom';

    const usdCard = {
        currency: 'USD',
        effectiveFrom: '2026-02-01',
        rates: [
            { meterId: 'm-us', meterName: 'Calls to United States', meterCategory: 'Teams Calling', destination: 'US', perMinute: '0.0123', connectionFee: '0' },
            { meterId: 'm-tf', meterName: 'Toll-free (United States)', meterCategory: 'Teams Toll-Free', destination: 'tollFree-US', perMinute: 0.019, connectionFee: '0.0200' },
        ],
    };

    test('PUT JSON stores the card with its prices as decimal text, exactly as sent', async () => {
        const res = await h.call('PUT', '/api/rates', usdCard, key());
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ cards: [{ currency: 'USD', effectiveFrom: '2026-02-01', rateCount: 2, replaced: false }] });
        const cards = await readRateCards(appStateStore());
        const stored = cards.find((c) => c.currency === 'USD' && c.effectiveFrom === '2026-02-01')!;
        expect(stored.rates.map((r) => [r.perMinute, r.connectionFee])).toEqual([['0.0123', '0'], ['0.019', '0.0200']]);
    });

    test('PUT CSV with two cards (grouped by Currency and EffectiveFrom), then GET lists them', async () => {
        const text = [
            '# illustrative prices',
            HEADER,
            'c-de,Calls to Germany,Teams Calling,DE,0.0280,,EUR,2026-03-01',
            'c-tf-de,Toll-free (Germany),Teams Toll-Free,tollFree-DE,0.0478,0.0200,EUR,2026-03-01',
            'c-gb,Calls to United Kingdom,Teams Calling,GB,0.0230,0,GBP,2026-03-01',
            '"c-jp","Calls to Japan, mobile",Teams Calling,JP,0.087,0.01,EUR,2026-03-01',
        ].join('\n');
        const res = await csv(text);
        expect(res.status).toBe(200);
        expect(res.json.cards).toEqual([
            { currency: 'EUR', effectiveFrom: '2026-03-01', rateCount: 3, replaced: false },
            { currency: 'GBP', effectiveFrom: '2026-03-01', rateCount: 1, replaced: false },
        ]);

        const list = await h.call('GET', `/api/rates?code=${encodeURIComponent(h.host.systemKey)}`);
        expect(list.status).toBe(200);
        const eur = list.json.cards.find((c: any) => c.currency === 'EUR' && c.effectiveFrom === '2026-03-01');
        expect(eur).toMatchObject({ rateCount: 3 });
        expect(eur.rates).toEqual([
            { meterId: 'c-de', meterName: 'Calls to Germany', meterCategory: 'Teams Calling', destination: 'DE', perMinute: '0.0280', connectionFee: '0' },
            { meterId: 'c-tf-de', meterName: 'Toll-free (Germany)', meterCategory: 'Teams Toll-Free', destination: 'tollFree-DE', perMinute: '0.0478', connectionFee: '0.0200' },
            { meterId: 'c-jp', meterName: 'Calls to Japan, mobile', meterCategory: 'Teams Calling', destination: 'JP', perMinute: '0.087', connectionFee: '0.01' },
        ]);
        expect(list.json.cards.map((c: any) => `${c.currency}:${c.effectiveFrom}`)).toEqual(expect.arrayContaining(['EUR:2026-03-01', 'GBP:2026-03-01']));
        expect(list.json.totalCount).toBe(list.json.cards.length);
    });

    test('the demo rate card loads: USD and EUR from 2026-01-01', async () => {
        const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rates', 'demo-rates.csv'), 'utf8');
        const res = await csv(text);
        expect(res.status).toBe(200);
        expect(res.json.cards).toEqual([
            { currency: 'USD', effectiveFrom: '2026-01-01', rateCount: 40, replaced: false },
            { currency: 'EUR', effectiveFrom: '2026-01-01', rateCount: 40, replaced: false },
        ]);
    });

    test('bad rows are listed with line and column, and nothing is stored', async () => {
        const before = await readRateCards(appStateStore());
        const text = [
            HEADER,
            'b-1,Calls to Spain,Teams Calling,ES,0.0290,0,CHF,2026-04-01',
            'b-2,Calls to Italy,Teams Calling,IT,-0.01,0,CHF,2026-04-01',
            'b-3,Calls to Mexico,Teams Calling,MX,0.0380,0.1234567,CHF,2026-04-01',
            'b-4,,Teams Calling,BR,abc,0,chf,2026-13-01',
            'b-1,Calls to Spain again,Teams Calling,FR,0.03,0,CHF,2026-04-01',
        ].join('\r\n');
        const res = await csv(text);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.json.code).toBe('invalid-rates');
        const issues = res.json.issues.map((i: any) => [i.line, i.column]);
        expect(issues).toEqual([[3, 'PerMinute'], [4, 'ConnectionFee'], [5, 'MeterName'], [5, 'PerMinute'], [5, 'Currency'], [5, 'EffectiveFrom']]);
        expect(res.json.issues.every((i: any) => typeof i.reason === 'string' && i.reason.length > 0)).toBe(true);

        // once the cells are right, the card's own rules are checked: the same meter twice
        const dup = await csv([HEADER, 'b-1,Calls to Spain,Teams Calling,ES,0.0290,0,CHF,2026-04-01', 'b-1,Calls to France,Teams Calling,FR,0.03,0,CHF,2026-04-01'].join('\n'));
        expect(dup.status).toBe(400);
        expect(dup.json.issues).toEqual([{ line: 3, column: 'MeterId', reason: expect.stringContaining('b-1') }]);

        const missing = await csv('MeterId,MeterName,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom\nx,y,US,0.01,0,USD,2026-01-01');
        expect(missing.status).toBe(400);
        expect(missing.json.issues).toEqual([{ line: 1, column: 'MeterCategory', reason: expect.any(String) }]);

        const json = await h.call('PUT', '/api/rates', { ...usdCard, currency: 'usd', rates: [{ ...usdCard.rates[0], perMinute: '1e-3' }, { ...usdCard.rates[1], connectionFee: 0.00000001 }] }, key());
        expect(json.status).toBe(400);
        expect(json.json.code).toBe('invalid-rates');
        expect(json.json.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['currency', 'rates.0.perMinute']));

        expect(await readRateCards(appStateStore())).toEqual(before);
    });

    test('callers without the system key are refused before anything is read', async () => {
        const none = await h.call('GET', '/api/rates');
        expect(none.status).toBe(401);
        expect(none.headers.get('content-type')).toBe('application/problem+json');
        expect(none.json.code).toBe('operator-key-required');

        const wrong = await csv(`${HEADER}\nx,y,Teams Calling,US,0.01,0,USD,2026-01-01`, { 'x-functions-key': 'not-the-key' });
        expect(wrong.status).toBe(401);

        const partner = await h.as('contosoAdmin')('PUT', '/api/rates', usdCard);
        expect(partner.status).toBe(403);
        expect(partner.json.code).toBe('operator-only');
        expect((await h.as('contosoAdmin')('GET', '/api/rates')).status).toBe(403);
    });

    test('a PUT replaces the card with the same currency and day', async () => {
        const first = { currency: 'JPY', effectiveFrom: '2026-05-01', rates: [usdCard.rates[0], usdCard.rates[1]] };
        expect((await h.call('PUT', '/api/rates', first, key())).json.cards[0]).toMatchObject({ rateCount: 2, replaced: false });
        const second = { ...first, rates: [{ ...usdCard.rates[0], perMinute: '0.5' }] };
        expect((await h.call('PUT', '/api/rates', [second], key())).json.cards).toEqual([{ currency: 'JPY', effectiveFrom: '2026-05-01', rateCount: 1, replaced: true }]);
        const list = await h.call('GET', '/api/rates', undefined, key());
        const jpy = list.json.cards.filter((c: any) => c.currency === 'JPY');
        expect(jpy).toEqual([{ currency: 'JPY', effectiveFrom: '2026-05-01', rateCount: 1, rates: [{ ...usdCard.rates[0], perMinute: '0.5' }] }]);
    });

    test('other media types are refused', async () => {
        const res = await h.call('PUT', '/api/rates', 'hello', { ...key(), 'content-type': 'text/plain' });
        expect(res.status).toBe(415);
    });
});

describe('the usage import', () => {
    // Importing PSTN usage through the local host: the CSV upload (both modes,
    // re-imports, refusals) and the Service Bus queue, read back the way the
    // accrual reads it (readMonthCalls on the app's own store).
    let h: AppHost;
    beforeAll(async () => { h = await freshAppHost(); });
    afterAll(async () => { await h.stop(); });

    const FABRIKAM = CUSTOMERS.fabrikam;
    const upload = (text: string, o: { mode?: string; agent?: Parameters<AppHost['as']>[0]; customer?: string; type?: string } = {}) =>
        h.as(o.agent ?? 'contosoAdmin')('POST', `/api/customers/${o.customer ?? FABRIKAM}/usage${o.mode ? `?mode=${o.mode}` : ''}`, text, { 'content-type': o.type ?? 'text/csv' });
    async function monthCalls(customer: string, month: string): Promise<UsageCall[]> {
        const out: UsageCall[] = [];
        for await (const c of readMonthCalls(appStateStore(), customer, month)) out.push(c);
        return out;
    }
    const ids = (calls: UsageCall[]) => calls.map((c) => c.usageId);
    const expectProblem = (res: { status: number; headers: Headers; json: any }, status: number, code: string) => {
        expect([res.status, res.json?.code]).toEqual([status, code]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
    };

    /** Calls of November 2026, one per hour from `from`, ids `<prefix>-<n>`. */
    const hourly = (prefix: string, n: number, o: Row = {}) => Array.from({ length: n }, (_, i) =>
        call(`${prefix}-${i}`, { 'Start Time': new Date(Date.parse('2026-11-02T00:30:00Z') + i * 3_600_000).toISOString(), ...o }));

    test('an import, then the same file again: all duplicates; free calls counted, not stored', async () => {
        const rows = [
            call('a-2', { 'Start Time': '2026-10-02T08:00:00+02:00' }),
            call('a-1', { 'Start Time': '2026-10-01T23:30:00-01:00', 'Call Type': 'conf_out', 'Capability': 'MCOMEETADD', 'Destination Dialed': 'United Kingdom' }),
            call('a-3', { 'Call Type': 'user_in', 'Destination Dialed': '' }),
            call('a-4', { 'Start Time': '2026-10-02T06:00:00Z' }),
            call('a-4', { 'Start Time': '2026-10-02T06:00:00Z' }),
            call('a-5', { 'Call Type': 'user_in', 'Number Type': 'toll_free', 'Start Time': '2026-09-30T23:59:59Z' }),
        ];
        const first = await upload(csv(rows));
        expect(first.status).toBe(200);
        expect(first.json).toEqual({
            customerTenantId: FABRIKAM, importId: expect.any(String), mode: 'all-or-nothing', rowsRead: 6, accepted: 4, duplicates: 1, free: 1,
            badRows: 0, badRowsListed: [], months: ['2026-09', '2026-10'], committed: true,
        });
        const october = await monthCalls(FABRIKAM, '2026-10');
        expect(ids(october)).toEqual(['a-1', 'a-2', 'a-4']); // 00:30Z on the 2nd, then a tie at 06:00Z
        expect(october.find((c) => c.usageId === 'a-1')).toEqual({
            usageId: 'a-1', start: Date.parse('2026-10-02T00:30:00Z'), callType: 'conf_out', tollFree: false, international: false,
            destination: 'GB', userLocation: 'DE', durationSeconds: 120, currency: 'EUR', capability: 'MCOMEETADD', source: { kind: 'partner', partnerId: '1001' },
            // the file's Charge and Connection Fee, Microsoft's own charge: kept to check the rating with
            charges: { charge: '0', connectionCharge: '0' },
        });
        expect(ids(await monthCalls(FABRIKAM, '2026-09'))).toEqual(['a-5']);
        expect(await customersWithUsage(appStateStore(), '2026-10')).toContain(FABRIKAM);

        const again = await upload(csv(rows));
        expect(again.json).toMatchObject({ rowsRead: 6, accepted: 0, duplicates: 5, free: 1, committed: true });
        expect(ids(await monthCalls(FABRIKAM, '2026-10'))).toEqual(['a-1', 'a-2', 'a-4']);
    });

    test('all-or-nothing refuses a file with a bad row and leaves nothing behind; skip-bad-rows imports the rest', async () => {
        const rows = [call('b-1', { 'Start Time': '2026-12-01T10:00:00Z' }), call('b-2', { 'Start Time': '2026-12-01T10:00:00' }), call('b-3', { 'Start Time': '2026-12-03T10:00:00Z', 'Capability': 'MCOXYZ' })];
        const refused = await upload(csv(rows));
        expectProblem(refused, 422, 'bad-rows');
        expect(refused.json).toMatchObject({
            mode: 'all-or-nothing', rowsRead: 3, accepted: 1, badRows: 2, committed: false, months: ['2026-12'],
            badRowsListed: [
                { line: 3, column: 'Start Time', reason: 'Start Time has no time zone' },
                { line: 4, column: 'Capability', reason: 'unknown capability MCOXYZ' },
            ],
        });
        expect(await monthCalls(FABRIKAM, '2026-12')).toEqual([]);
        const store = appStateStore();
        expect(await store.read(USAGE_CONTAINERS.imports, FABRIKAM, refused.json.importId)).toBeUndefined();
        expect(await store.read(USAGE_CONTAINERS.batches, FABRIKAM, batchId('2026-12-01', refused.json.importId, 0))).toBeUndefined();
        expect(await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, where: { status: 'staging' } })).toEqual([]);

        const skipped = await upload(csv(rows), { mode: 'skip-bad-rows' });
        expect(skipped.status).toBe(200);
        expect(skipped.json).toMatchObject({ mode: 'skip-bad-rows', rowsRead: 3, accepted: 1, badRows: 2, committed: true, badRowsListed: [{ line: 3 }, { line: 4 }] });
        expect(ids(await monthCalls(FABRIKAM, '2026-12'))).toEqual(['b-1']);
    });

    test('a file that cannot be read on is refused at its line, in either mode, and nothing is imported', async () => {
        const text = csv([call('c-1', { 'Start Time': '2027-01-05T10:00:00Z' })]) + '"c-2"x,,,,,,,,,,,,,,,,,,,\n';
        for (const mode of ['all-or-nothing', 'skip-bad-rows']) {
            const res = await upload(text, { mode });
            expectProblem(res, 400, 'malformed-csv');
            expect(res.json.line).toBe(3);
        }
        expect(await monthCalls(FABRIKAM, '2027-01')).toEqual([]);
        // a record csv-parse steps over is a bad row
        const skipped = await upload(csv([call('c-1', { 'Start Time': '2027-01-05T10:00:00Z' })]) + 'c"2,1\n', { mode: 'skip-bad-rows' });
        expect(skipped.json).toMatchObject({ accepted: 1, badRows: 1, badRowsListed: [{ line: 3, column: 'UsageId', reason: expect.stringMatching(/bad quoting/) }] });
    });

    test('an upload cut off half-way leaves nothing behind', async () => {
        const rows = Array.from({ length: 5000 }, (_, i) => call(`f-${i}`, { 'Start Time': new Date(Date.parse('2027-04-01T00:00:00Z') + i * 10_000).toISOString() }));
        const text = csv(rows);
        const req = http.request(`${h.url}/api/customers/${FABRIKAM}/usage`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${await h.token('contosoAdmin')}` } });
        req.on('error', () => undefined);
        req.write(text.slice(0, Math.floor(text.length * 0.8))); // 4,000 rows of one day: two batches written
        const store = appStateStore();
        const staging = () => store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, where: { status: 'staging' } });
        const started = await until(async () => ((await staging())[0]?.days['2027-04-01'] ? (await staging())[0] : undefined), 10_000);
        req.destroy();
        await until(async () => ((await staging()).length === 0 ? true : undefined), 10_000);
        expect(await monthCalls(FABRIKAM, '2027-04')).toEqual([]);
        expect(await store.read(USAGE_CONTAINERS.batches, FABRIKAM, batchId('2027-04-01', started.id, 0))).toBeUndefined();
    });

    test('an upload refused part-way leaves nothing behind that fails the next request, from any caller (5 of 5)', async () => {
        // ~2 MB each: far more than the app reads before it refuses, so most of the body is still unread when it answers
        const filler = Array.from({ length: 40_000 }, (_, i) => `h-${i},2026-10-01T00:00:00Z,EUR`).join('\n');
        const refusals: Array<[string, () => ReturnType<typeof upload>]> = [
            ['missing-columns', () => upload(`UsageId,Start Time,Currency\n${filler}\n`)],
            ['malformed-csv', () => upload(`${csv([call('h-ok')])}"h-bad"x${','.repeat(19)}\n${filler}\n`)],
            ['unauthenticated', () => h.call('POST', `/api/customers/${FABRIKAM}/usage`, filler, { 'content-type': 'text/csv' })],
        ];
        for (let i = 0; i < 5; i++) {
            const [code, refuse] = refusals[i % refusals.length];
            const refused = await refuse();
            expect([refused.status, refused.json?.code]).toEqual([code === 'unauthenticated' ? 401 : 400, code]);
            expect((await h.call('GET', '/api/health')).status).toBe(200);
            expect((await h.as('litwareAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/overage`)).status).toBe(200);
        }
    });

    test('refusals before any row: token, role, customer, content type, mode, columns, empty file', async () => {
        const text = csv([call('d-1')]);
        expect((await h.call('POST', `/api/customers/${FABRIKAM}/usage`, text, { 'content-type': 'text/csv' })).status).toBe(401);
        expectProblem(await upload(text, { agent: 'contosoSales' }), 403, 'role-not-permitted');
        expectProblem(await upload(text, { agent: 'litwareAdmin' }), 404, 'customer-not-found');
        expectProblem(await upload(text, { type: 'application/json' }), 415, 'unsupported-media-type');
        expectProblem(await upload(text, { mode: 'some' }), 400, 'invalid-request');
        const missing = await upload('UsageId,Start Time,Currency\nd-1,2026-10-01T00:00:00Z,EUR\n');
        expectProblem(missing, 400, 'missing-columns');
        expect(missing.json.missing).toEqual(['Duration Seconds', 'Call Type', 'Number Type', 'Domestic/International', 'Destination Dialed', 'User Location', 'Capability']);
        expectProblem(await upload(''), 400, 'empty-file');
    });

    test('readMonthCalls: Start Time order (ties by UsageId) across days, batches and imports', async () => {
        // 13,680 calls over three days, sent newest first, in two imports that interleave: each writes two batches a day;
        // calls start in the same second by sevens (ties)
        const all = hourly('e', 72).flatMap((r, i) => Array.from({ length: 190 }, (_, k) => ({ ...r, UsageId: `e-${String(i).padStart(2, '0')}-${String(k).padStart(3, '0')}`, 'Start Time': new Date(Date.parse(r['Start Time']) + (k % 7) * 1000).toISOString() })));
        const reversed = [...all].reverse();
        const a = await upload(csv(reversed.filter((_, i) => i % 2 === 0)));
        const b = await upload(csv(reversed.filter((_, i) => i % 2 === 1)));
        expect([a.json.accepted, b.json.accepted]).toEqual([all.length / 2, all.length / 2]);
        const imports = await appStateStore().query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, contains: { months: '2026-11' } });
        expect(imports.map((d) => d.days)).toEqual([{ '2026-11-02': 2, '2026-11-03': 2, '2026-11-04': 2 }, { '2026-11-02': 2, '2026-11-03': 2, '2026-11-04': 2 }]);
        const calls = await monthCalls(FABRIKAM, '2026-11');
        expect(calls).toHaveLength(all.length);
        const sorted = [...calls].sort((x, y) => x.start - y.start || (x.usageId < y.usageId ? -1 : 1));
        expect(ids(calls)).toEqual(ids(sorted));
        expect(new Set(ids(calls)).size).toBe(all.length);
        // a later import repeating some of them: duplicates, even with days long passed in the file
        const c = await upload(csv([...all.slice(0, 3), call('e-new', { 'Start Time': '2026-11-03T12:00:00Z' }), ...all.slice(-3)]));
        expect(c.json).toMatchObject({ accepted: 1, duplicates: 6 });
    });

    describe('the pstn-usage queue', () => {
        const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };
        const send = (body: unknown, o: { messageId?: string; props?: Record<string, string> } = {}) =>
            h.call('POST', '/admin/queues/pstn-usage/messages', { body, applicationProperties: o.props ?? contoso, ...(o.messageId ? { messageId: o.messageId } : {}) }, { 'x-functions-key': h.host.systemKey });
        const graphRow = (id: string, o: Record<string, unknown> = {}) => ({
            id, callId: `call-${id}`, callType: 'user_out', calleeNumber: '+441234', callerNumber: '+4930', charge: 0, connectionCharge: 0, conferenceId: null,
            currency: 'EUR', destinationContext: 'International', destinationName: 'United Kingdom', duration: 61, startDateTime: '2027-02-03T09:00:00Z',
            endDateTime: '2027-02-03T09:01:01Z', licenseCapability: 'MCOPSTN2', tenantCountryCode: 'DE', usageCountryCode: 'DE', userId: 'x', userPrincipalName: 'a@fabrikam.example', ...o,
        });
        const invocations = () => h.logs.filter((l) => l.function === 'usageQueue' && l.outcome);
        const handled = (n: number) => until(() => (invocations().length >= n ? true : undefined), 10_000);
        const rejectedMessage = async () => {
            await until(async () => ((await h.call('GET', '/admin/queues/pstn-usage-rejected', undefined, { 'x-functions-key': h.host.systemKey })).json.active > 0 ? true : undefined));
            return (await h.host.queues.receive('pstn-usage-rejected'))!.body as any;
        };

        test('Graph rows and report rows are imported; a redelivered message changes nothing', async () => {
            const before = invocations().length;
            const body = { customerTenantId: FABRIKAM, rows: [graphRow('q-1'), graphRow('q-2', { startDateTime: '2027-02-03T08:00:00Z' }), call('q-3', { 'Start Time': '2027-02-04T08:00:00Z' })] };
            expect((await send(body, { messageId: 'usage-msg-1' })).status).toBeLessThan(300);
            await handled(before + 1);
            expect(ids(await monthCalls(FABRIKAM, '2027-02'))).toEqual(['q-2', 'q-1', 'q-3']);
            expect((await send(body, { messageId: 'usage-msg-1' })).status).toBeLessThan(300);
            await handled(before + 2);
            expect(ids(await monthCalls(FABRIKAM, '2027-02'))).toEqual(['q-2', 'q-1', 'q-3']);
            expect(invocations().filter((l) => l.outcome !== 'succeeded')).toEqual([]);
        });

        test('a batch with a bad row is rejected whole, with its reasons; so is a sales agent\'s', async () => {
            await send({ customerTenantId: FABRIKAM, rows: [graphRow('r-1', { startDateTime: '2027-03-01T09:00:00Z' }), graphRow('r-2', { startDateTime: '2027-03-01T09:00:00', licenseCapability: 'MCOPSTN2' })] });
            const rejected = await rejectedMessage();
            expect(rejected).toMatchObject({ deadLetterReason: 'bad-rows', deadLetterErrorDescription: expect.stringContaining('row 2 (startDateTime): Start Time has no time zone') });
            expect(await monthCalls(FABRIKAM, '2027-03')).toEqual([]);

            await send({ customerTenantId: FABRIKAM, rows: [graphRow('r-3')] }, { props: { ...contoso, agentUpn: 'sales@contoso-telecom.example', agentRoles: 'SalesAgent' } });
            expect(await rejectedMessage()).toMatchObject({ deadLetterReason: 'role-not-permitted' });
            await send({ customerTenantId: 'not-a-guid', rows: [] });
            expect(await rejectedMessage()).toMatchObject({ deadLetterReason: 'invalid-request' });
        });

        test('a partner\'s batch of calls made under another partner\'s setting is rejected whole, with the reason', async () => {
            // Lucerne's overage is Contoso's (set outside the app); Litware also sells it licenses
            const litware = { partnerId: '1002', agentUpn: 'admin@litware-voice.example', agentRoles: 'AdminAgent' };
            await send({ customerTenantId: CUSTOMERS.lucerne, rows: [graphRow('o-1', { startDateTime: '2027-05-03T09:00:00Z' })] }, { props: litware });
            expect(await rejectedMessage()).toMatchObject({
                deadLetterReason: 'bad-rows', deadLetterErrorDescription: expect.stringContaining('row 1 (startDateTime): the call started while another partner\'s overage setting was in force'),
            });
            expect(await monthCalls(CUSTOMERS.lucerne, '2027-05')).toEqual([]);
        });
    });
});

describe('usage has an owner', () => {
    // Usage has an owner, through the local host and the simulator's demo world:
    // Contoso (1001) holds Lucerne Publishing's overage (set outside the app);
    // Litware (1002) also sells Lucerne licenses, so it may call the customer's
    // usage endpoints, but its rows count only where its own setting is in force.
    // Expected figures are worked out by hand in the comments.
    let h: AppHost;
    const LUCERNE = CUSTOMERS.lucerne; // BE, domestic pools 10×120 + 20×120 = 3600 min; Contoso's overage on SUB_7
    const HEADER = 'UsageId,User Location,Call Type,Number Type,Domestic/International,Destination Dialed,Start Time,Duration Seconds,Currency,Capability';
    const row = (id: string, start: string, seconds: number, destination = 'BE') =>
        [id, 'BE', 'user_out', 'user', destination === 'BE' ? 'Domestic' : 'International', destination, start, seconds, 'EUR', 'MCOPSTN1'].join(',');
    const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

    beforeAll(async () => {
        h = await freshAppHost();
        expect((await h.call('PUT', '/api/rates', EUR_RATES, operator())).status).toBe(200);
    });
    afterAll(async () => { await h.stop(); });

    const operator = () => ({ 'x-functions-key': h.host.systemKey });
    const upload = (agent: 'contosoAdmin' | 'litwareAdmin', text: string, mode = 'all-or-nothing') =>
        h.as(agent)('POST', `/api/customers/${LUCERNE}/usage?mode=${mode}`, text, { 'content-type': 'text/csv' });
    const accrual = async (agent: 'contosoAdmin' | 'litwareAdmin', month: string) => (await h.as(agent)('GET', `/api/customers/${LUCERNE}/accruals/${month}`)).json;
    const brief = (lines: any[]) => lines.map((l) => [l.UsageDate, l.PartnerId, l.SubscriptionId, l.MeterId, l.BillingPreTaxTotal]);

    const runMonth = (month: string, agent?: 'contosoAdmin' | 'litwareAdmin') => runAccrual(h, month, agent);

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

        // Litware makes up 20 calls of 8 hours during Contoso's setting (the issue's observation)
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

    test('the rule holds at rating time too, and a partner\'s run writes only its own lines', async () => {
        // Contoso imports its December while Partner Center still shows its setting as the only one: all accepted.
        // 3600 min on the 2nd drain the pool; 3 min on the 3rd: 0.045; 2 min on the 20th: 0.03
        const contoso = await upload('contosoAdmin', csv(row('d1', '2026-12-02T10:00:00Z', 216_000), row('d2', '2026-12-03T09:00:00Z', 125), row('d3', '2026-12-20T09:00:00Z', 120)));
        expect(contoso.json).toMatchObject({ accepted: 3, committed: true });
        await runMonth('2026-12');
        expect(brief((await accrual('contosoAdmin', '2026-12')).lines)).toEqual([['2026-12-03', '1001', SUB_7, 'tc-be', '0.0450'], ['2026-12-20', '1001', SUB_7, 'tc-be', '0.0300']]);

        // then the history changes: Contoso's setting (adopted) handed over to Litware on SUB_8 from 15 December 00:00 UTC
        const store = appStateStore();
        await adoptSetting(store, LUCERNE, 'PhoneServices', { partnerId: '1001', azureEntitlementId: SUB_7, overageEnabled: true });
        const handover = { customerTenantId: LUCERNE, service: 'PhoneServices' as const, runId: 'partnerHandover-test' };
        await recordSetting(store, { ...handover, partnerId: '1001', azureEntitlementId: null, overageEnabled: false, at: '2026-12-15T00:00:00.000Z' });
        await recordSetting(store, { ...handover, partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true, at: '2026-12-15T00:00:01.000Z' });

        // Litware may import its own part only: 3604 min on the 18th; its call of the 10th is Contoso's period.
        // Litware's lines are rated from its own rows (and Microsoft's): Contoso's rows do not use up the pool
        // before Litware's call, so 3600 min come from the pool and 4 are billed (0.06)
        const litware = await upload('litwareAdmin', csv(row('e0', '2026-12-10T09:00:00Z', 60), row('e1', '2026-12-18T09:00:00Z', 216_240)), 'skip-bad-rows');
        expect(litware.json).toMatchObject({
            accepted: 1, badRows: 1,
            badRowsListed: [{ line: 2, column: 'Start Time', reason: expect.stringMatching(/another partner's overage setting was in force: .*\(yours: from 2026-12-15T00:00:01.000Z\)$/) }],
        });

        // Litware's own run writes Litware's lines; Contoso's stay as its last run left them (the 20th included)
        const own = await runMonth('2026-12', 'litwareAdmin');
        expect(own.outcome.partnerIds).toEqual(['1002']);
        const seenByLitware = await accrual('litwareAdmin', '2026-12');
        expect(brief(seenByLitware.lines)).toEqual([['2026-12-18', '1002', SUB_8, 'tc-be', '0.0600']]);
        expect(brief((await accrual('contosoAdmin', '2026-12')).lines)).toEqual([['2026-12-03', '1001', SUB_7, 'tc-be', '0.0450'], ['2026-12-20', '1001', SUB_7, 'tc-be', '0.0300']]);

        // everyone's run: Contoso's call of the 20th, imported when it was allowed, now started under Litware's setting: left out, and said
        await runMonth('2026-12');
        const seenByContoso = await accrual('contosoAdmin', '2026-12');
        expect(brief(seenByContoso.lines)).toEqual([['2026-12-03', '1001', SUB_7, 'tc-be', '0.0450']]);
        expect(seenByContoso.overageAmount).toBe('0.0450');
        const leftOut = '1 call(s) supplied by partner 1001 were left out: another partner\'s overage setting was in force at their start, and a partner\'s usage counts only while its own setting is in force';
        expect(seenByContoso.warnings).toContain(leftOut);
        const seenByLitwareAfter = await accrual('litwareAdmin', '2026-12');
        expect(brief(seenByLitwareAfter.lines)).toEqual([['2026-12-18', '1002', SUB_8, 'tc-be', '0.0600']]);
        // a partner's left-out rows are told to that partner only; neither sees the other's subscription
        expect(seenByLitwareAfter.warnings).not.toContain(leftOut);
        expect(JSON.stringify(seenByLitwareAfter)).not.toContain(SUB_7);
        expect(JSON.stringify(seenByContoso)).not.toContain(SUB_8);
    }, 180_000);
});

describe('the monthly timer', () => {
    // The monthly timer (ACCRUAL_SCHEDULE, here every two seconds): it records
    // the opening credits of the month that began, then rates the month that
    // ended. A customer whose credits cannot be read must not stop the month.
    let t: TestHost;
    let dir: string;
    beforeAll(async () => {
        dir = tempDir('too-accrual-timer-');
        const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
        world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
        const worldPath = path.join(dir, 'world.json');
        fs.writeFileSync(worldPath, JSON.stringify(world));
        process.env.OVERAGE_POLL_INTERVAL_MS = '50';
        process.env.ACCRUAL_SCHEDULE = '*/2 * * * * *';
        process.env.DATA_DIR = dir;
        // mid-month on the host's clock, so the month the timer rates is known whatever day (or minute) the test runs
        t = await freshTestHost(APP_ENTRY, { simulator: { worldPath }, dataDir: dir, disableTimers: false, startAt: new Date('2026-11-15T12:00:00Z') });
    });
    afterAll(async () => {
        delete process.env.ACCRUAL_SCHEDULE;
        await t.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the timer\'s month completes although one customer\'s credits cannot be read', async () => {
        // Fabrikam gets a recorded setting (so the snapshot looks at it) by an enablement
        const token = (await t.call('POST', '/simulator/token', AGENTS.contosoAdmin)).json.access_token as string;
        const started = await t.call('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: '30000000-0000-4000-8000-000000000001' }, { authorization: `Bearer ${token}` });
        expect(started.status).toBe(202);
        const run = new URL(started.headers.get('location')!).pathname;
        await until(async () => ((await t.call('GET', run, undefined, { authorization: `Bearer ${token}` })).json.status === 'completed') || undefined, 20_000, 100);

        // its credits now fail for good; a month the timer ran before that is purged, so it runs again
        await t.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: `^/v1/customers/${CUSTOMERS.fabrikam}/communicationsCredits` }, kind: 'status500' }] });
        const faultFrom = t.host.clock.now();
        try {
            const month = previousMonth(t.host.clock.now());
            expect(month).toBe('2026-10');
            const instance = `/runtime/webhooks/durabletask/instances/monthlyAccrual-${month}-timer`;
            const key = { 'x-functions-key': t.host.systemKey };
            const status = await until(async () => {
                const s = await t.call('GET', instance, undefined, key);
                if (s.status !== 200 || !['Completed', 'Failed'].includes(s.json.runtimeStatus)) return undefined;
                if (Date.parse(s.json.createdTime) >= faultFrom) return s.json;
                await t.call('DELETE', instance, undefined, key);
                return undefined;
            }, 60_000, 250);
            expect(status.runtimeStatus).toBe('Completed');
            expect(status.output).toMatchObject({ month, failed: [] });
        } finally {
            await t.call('DELETE', '/simulator/faults');
        }
    }, 120_000);
});
