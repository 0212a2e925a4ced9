// Usage has an owner, through the local host and the simulator's demo world:
// Contoso (1001) holds Lucerne Publishing's overage (set outside the app);
// Litware (1002) also sells Lucerne licenses, so it may call the customer's
// usage endpoints, but its rows count only where its own setting is in force.
// Expected figures are worked out by hand in the comments.
import { adoptSetting, recordSetting } from '../../shared/features/overage/settingStore';
import { appStateStore } from '../helpers/appStateStore';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { EUR_RATES, runMonth as runAccrual, SUB_7, SUB_8 } from '../helpers/accruals';

let h: AppHost;
const LUCERNE = CUSTOMERS.lucerne; // BE, domestic pools 10×120 + 20×120 = 3600 min; Contoso's overage on SUB_7
const HEADER = 'UsageId,User Location,Call Type,Number Type,Domestic/International,Destination Dialed,Start Time,Duration Seconds,Currency,Capability';
const row = (id: string, start: string, seconds: number, destination = 'BE') =>
    [id, 'BE', 'user_out', 'user', destination === 'BE' ? 'Domestic' : 'International', destination, start, seconds, 'EUR', 'MCOPSTN1'].join(',');
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

beforeAll(async () => {
    h = await startAppHost();
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
