// Keeping a rated month (in-memory store): a full run replaces the month; a
// partner's own run replaces only that partner's lines, keeps the others as
// they were, and its file lists only what it kept.
import { partnerLines, readAccrual, saveAccrual } from '../../shared/features/accrual/accrualStore';
import type { AccrualResult, ReconciliationLine } from '../../shared/core/rating/ratingModel';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';

const CUSTOMER = '10000000-0000-4000-8000-0000000000bb';
const MONTH = '2026-11';
let store: EmbeddedStateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

const line = (partnerId: string, day: string, total: string, meterId = 'tc-be'): ReconciliationLine => ({
    id: `${partnerId}-${day}-${meterId}`, PartnerId: partnerId, CustomerId: CUSTOMER, CustomerName: 'Lucerne', ResellerMPNID: '',
    SubscriptionId: `SUB-${partnerId}`, EntitlementId: `SUB-${partnerId}`, ChargeStartDate: `${MONTH}-01`, ChargeEndDate: `${MONTH}-30`, UsageDate: `${MONTH}-${day}`,
    MeterCategory: 'Teams Calling', MeterSubCategory: 'BE', MeterName: 'Teams Calling Belgium', MeterId: meterId, Unit: 'Minute',
    UnitPrice: '0.015', EffectiveUnitPrice: '0.015', Quantity: '1', BillingPreTaxTotal: total, BillingCurrency: 'EUR',
    ChargeType: 'usage', PartnerEarnedCreditPercentage: 0, ResourceGroup: 'M365', Tags: '',
});
const result = (lines: ReconciliationLine[], over: Partial<AccrualResult> = {}): AccrualResult => ({
    month: MONTH, customerTenantId: CUSTOMER, currency: 'EUR', status: 'complete', poolMinutes: {}, billableMinutes: 0, creditsOpening: '0.0000',
    creditsUsed: '0.0000', recharges: 0, creditsExhausted: false, overageAmount: '9.9999', refusedCalls: 0, refusedAmount: '0.0000', missingRates: [], warnings: [], partnerWarnings: {}, lines, ...over,
});
const brief = (lines: ReconciliationLine[]) => lines.map((l) => [l.PartnerId, l.UsageDate, l.BillingPreTaxTotal]);

test('a partner\'s run replaces its own lines and warnings only; the month\'s figures stay the last full rating\'s', async () => {
    await saveAccrual(store, result([line('1001', '03', '0.0450'), line('1001', '20', '0.0300')], { partnerWarnings: { 1001: ['contoso\'s'] } }), '2026-12-01T02:00:00Z');
    // Litware's run: its rating also wrote Contoso lines (here changed); only Litware's are kept
    const litwares = result([line('1001', '03', '0.0900'), line('1002', '18', '0.0600')], { billableMinutes: 7, warnings: ['w'], partnerWarnings: { 1001: ['changed'], 1002: ['litware\'s'] } });
    await saveAccrual(store, litwares, '2026-12-02T09:00:00Z', '1002');
    const kept = await readAccrual(store, CUSTOMER, MONTH);
    expect(brief(kept!.lines)).toEqual([['1001', '2026-11-03', '0.0450'], ['1002', '2026-11-18', '0.0600'], ['1001', '2026-11-20', '0.0300']]);
    expect(kept).toMatchObject({ billableMinutes: 0, warnings: [], partnerWarnings: { 1001: ['contoso\'s'], 1002: ['litware\'s'] }, partnerIds: ['1001', '1002'], ratedAt: '2026-12-02T09:00:00Z' });
    const file = async (p: string) => { const out: ReconciliationLine[] = []; for await (const l of partnerLines(store, MONTH, p)) out.push(l); return brief(out); };
    expect(await file('1002')).toEqual([['1002', '2026-11-18', '0.0600']]);
    expect(await file('1001')).toEqual([['1001', '2026-11-03', '0.0450'], ['1001', '2026-11-20', '0.0300']]);

    // the first run of a month by a partner: nobody else's lines to keep
    await saveAccrual(store, result([line('1001', '05', '1.0000'), line('1002', '06', '2.0000')], { month: '2026-10' }), '2026-12-02T09:00:00Z', '1002');
    expect(brief((await readAccrual(store, CUSTOMER, '2026-10'))!.lines)).toEqual([['1002', '2026-11-06', '2.0000']]);

    // an operator's run replaces the whole month
    await saveAccrual(store, result([line('1001', '03', '0.0450')]), '2026-12-03T02:00:00Z');
    expect(brief((await readAccrual(store, CUSTOMER, MONTH))!.lines)).toEqual([['1001', '2026-11-03', '0.0450']]);
});

test('a partner\'s run and a full run saving at once: neither overwrites the other with lines it replaced', async () => {
    await saveAccrual(store, result([line('1001', '03', '0.0450')]), '2026-12-01T02:00:00Z');
    await Promise.all([
        saveAccrual(store, result([line('1001', '03', '0.0450'), line('1002', '18', '0.0600')]), '2026-12-02T09:00:00Z', '1002'),
        saveAccrual(store, result([line('1001', '03', '0.0450'), line('1001', '04', '0.0150')]), '2026-12-02T09:00:00Z'),
    ]);
    const lines = (await readAccrual(store, CUSTOMER, MONTH))!.lines;
    // the partner's run read the month before the full run wrote it: its write is refused (ETag), it reads again and keeps the full run's Contoso lines
    expect(brief(lines.filter((l) => l.PartnerId === '1001'))).toEqual([['1001', '2026-11-03', '0.0450'], ['1001', '2026-11-04', '0.0150']]);
});
