// The rating of one customer-month (issue 10), one test per rule. Every
// expected figure is worked out by hand in the comment beside it and written
// as a literal: none is computed with the code under test.
import { createHash } from 'node:crypto';
import { AccrualResult, type RatingInput, type ReconciliationLine, type SettingInForce, type UsageCall } from '../../shared/core/rating/ratingModel';
import { MonthRating, rateMonth, rateMonthSync } from '../../shared/core/rating/rateMonth';
import { ratingRules } from '../../shared/core/rating/ratingRules';

// ---- the world of these tests: customer T1, March 2025, one EUR card ----------------------------

const rate = (meterId: string, meterCategory: string, destination: string, perMinute: number | string, connectionFee: number | string = 0) =>
    ({ meterId, meterName: `Meter ${meterId}`, meterCategory, destination, perMinute, connectionFee });

const CARD_2024 = {
    currency: 'EUR',
    effectiveFrom: '2024-01-01',
    rates: [
        rate('call-US', 'Teams Calling', 'US', 0.02),
        rate('call-GB', 'Teams Calling', 'GB', '0.03'),
        rate('call-IN', 'Teams Calling', 'IN', 0.1, 0.05),
        rate('call-DE', 'Teams Calling', 'DE', 0.01245),
        rate('tf-US', 'Teams Toll-Free', 'tollFree-US', 0.025),
        rate('conf-US', 'Teams Audio Conferencing', 'US', 0.04),
        rate('conf-BR', 'Teams Audio Conferencing', 'BR', 0.15, '0.10'),
    ],
};

const on = (partnerId = 'P1', azureEntitlementId = 'SUB1', from = -Infinity, resellerId?: string): SettingInForce =>
    ({ from, overageEnabled: true, partnerId, azureEntitlementId, ...(resellerId ? { resellerId } : {}) });
const off = (from = -Infinity): SettingInForce => ({ from, overageEnabled: false, partnerId: 'P1', azureEntitlementId: null });

const input = (over: Partial<RatingInput> = {}): RatingInput => ({
    customerTenantId: 'T1',
    customerName: 'Contoso',
    month: '2025-03',
    pools: [],
    rateCards: [CARD_2024],
    credits: null,
    settings: [on()],
    rules: ratingRules({}),
    warnings: [],
    ...over,
});

interface CallSpec {
    at: string;
    secs: number;
    to?: string | null;
    from?: string | null;
    type?: string;
    cap?: string;
    intl?: boolean | null;
    tollFree?: boolean;
    currency?: string;
}

/** Calls in the order given, with usageIds u001, u002, … (so ties sort as given). */
const calls = (...specs: CallSpec[]): UsageCall[] => specs.map((s, i) => ({
    usageId: `u${String(i + 1).padStart(3, '0')}`,
    start: Date.parse(s.at),
    callType: s.type ?? 'user_out',
    tollFree: s.tollFree ?? false,
    international: s.intl ?? null,
    destination: s.to === undefined ? 'US' : s.to,
    userLocation: s.from === undefined ? 'US' : s.from,
    durationSeconds: s.secs,
    currency: s.currency ?? 'EUR',
    capability: s.cap ?? 'MCOPSTN1',
}));

/** The lines in a form a reader can check at a glance. */
const brief = (lines: ReconciliationLine[]) =>
    lines.map((l) => [l.UsageDate, l.SubscriptionId, l.PartnerId, l.MeterId, l.Quantity, l.UnitPrice, l.BillingPreTaxTotal]);

const rate1 = (over: Partial<RatingInput>, ...specs: CallSpec[]) => rateMonthSync(input(over), calls(...specs));

// ---- rule 1: whole minutes ------------------------------------------------------------------------

test('minutes round up per call; a call of 0 s costs nothing', () => {
    // 1 s → 1 min, 60 s → 1 min, 61 s → 2 min, 0 s → nothing: 4 min × 0.02 = 0.08
    const r = rate1({},
        { at: '2025-03-05T10:00:00Z', secs: 1 },
        { at: '2025-03-05T11:00:00Z', secs: 60 },
        { at: '2025-03-05T12:00:00Z', secs: 61 },
        { at: '2025-03-05T13:00:00Z', secs: 0 });
    expect(r.billableMinutes).toBe(4);
    expect(r.overageAmount).toBe('0.0800');
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-US', '4', '0.02', '0.0800']]);
});

test('a full minutes line, column by column', () => {
    const r = rate1({ settings: [on('P1', 'SUB1', -Infinity, 'R9')] }, { at: '2025-03-05T10:00:00Z', secs: 120 });
    expect(r.lines).toEqual([{
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        PartnerId: 'P1', CustomerId: 'T1', CustomerName: 'Contoso', ResellerMPNID: 'R9',
        SubscriptionId: 'SUB1', EntitlementId: 'SUB1',
        ChargeStartDate: '2025-03-01', ChargeEndDate: '2025-03-31', UsageDate: '2025-03-05',
        MeterCategory: 'Teams Calling', MeterSubCategory: 'US', MeterName: 'Meter call-US', MeterId: 'call-US',
        Unit: 'Minute', UnitPrice: '0.02', EffectiveUnitPrice: '0.02', Quantity: '2', BillingPreTaxTotal: '0.0400',
        BillingCurrency: 'EUR', ChargeType: 'usage', PartnerEarnedCreditPercentage: 0, ResourceGroup: 'M365', Tags: '',
    }]);
    expect(() => AccrualResult.parse(r)).not.toThrow();
});

// ---- rules 2 to 4: classification and pools --------------------------------------------------------

test('a pool running out in the middle of a call bills only the rest', () => {
    // pool 10: the first call (6 min) takes 6; the second (301 s → 6 min) takes the last 4 and bills 2 × 0.02 = 0.04
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 10 }] },
        { at: '2025-03-05T10:00:00Z', secs: 360 },
        { at: '2025-03-06T10:00:00Z', secs: 301 });
    expect(r.poolMinutes).toEqual({ 'US/domestic': { included: 10, used: 10 } });
    expect(r.billableMinutes).toBe(2);
    expect(r.overageAmount).toBe('0.0400');
    expect(brief(r.lines)).toEqual([['2025-03-06', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400']]);
});

test('two countries draw on their own pools', () => {
    // US pool 5: 8 min → 3 billed × 0.02 = 0.06. GB pool 5: 4 min covered, then 3 min → 1 covered, 2 × 0.03 = 0.06
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 5 }, { country: 'GB', plan: 'domestic', minutes: 5 }] },
        { at: '2025-03-05T10:00:00Z', secs: 480 },
        { at: '2025-03-05T11:00:00Z', secs: 240, from: 'GB', to: 'GB' },
        { at: '2025-03-05T12:00:00Z', secs: 180, from: 'GB', to: 'GB' });
    expect(r.poolMinutes).toEqual({ 'GB/domestic': { included: 5, used: 5 }, 'US/domestic': { included: 5, used: 5 } });
    expect(r.billableMinutes).toBe(5);
    expect(r.overageAmount).toBe('0.1200');
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-GB', '2', '0.03', '0.0600'],
        ['2025-03-05', 'SUB1', 'P1', 'call-US', '3', '0.02', '0.0600'],
    ]);
});

test('on a domestic plan a domestic call is covered, an international one is priced (with its connection fee)', () => {
    // US→US 2 min from the pool; US→IN 3 min: 3 × 0.10 + 0.05 fee = 0.35
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 100 }] },
        { at: '2025-03-05T10:00:00Z', secs: 120 },
        { at: '2025-03-05T11:00:00Z', secs: 180, to: 'IN', intl: true });
    expect(r.poolMinutes).toEqual({ 'US/domestic': { included: 100, used: 2 } });
    expect(r.billableMinutes).toBe(3);
    expect(r.overageAmount).toBe('0.3500');
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-IN', '3', '0.1', '0.3000'],
        ['2025-03-05', 'SUB1', 'P1', 'call-IN:connection', '1', '0.05', '0.0500'],
    ]);
    expect(r.lines[1]).toMatchObject({ MeterName: 'Meter call-IN connection fee', Unit: 'Connection', EffectiveUnitPrice: '0.05' });

    // the same international call on Domestic and International (MCOPSTN2) is covered
    const both = rate1({ pools: [{ country: 'US', plan: 'domesticInternational', minutes: 100 }] },
        { at: '2025-03-05T11:00:00Z', secs: 180, to: 'IN', intl: true, cap: 'MCOPSTN2' });
    expect(both.poolMinutes).toEqual({ 'US/domesticInternational': { included: 100, used: 3 } });
    expect(both.billableMinutes).toBe(0);
    expect(both.lines).toEqual([]);
});

test('toll-free calls are never covered; other inbound calls are free', () => {
    // inbound toll-free to a US number, 4 min × 0.025 = 0.10; the plain inbound call costs nothing
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 100 }] },
        { at: '2025-03-05T10:00:00Z', secs: 240, type: 'user_in', tollFree: true, to: null },
        { at: '2025-03-05T11:00:00Z', secs: 600, type: 'user_in', to: null });
    expect(r.poolMinutes).toEqual({ 'US/domestic': { included: 100, used: 0 } });
    expect(r.billableMinutes).toBe(4);
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'tf-US', '4', '0.025', '0.1000']]);
    expect(r.lines[0]).toMatchObject({ MeterCategory: 'Teams Toll-Free', MeterSubCategory: 'tollFree-US' });
});

test('Pay-As-You-Go calls are priced even where a domestic pool exists', () => {
    // MCOPSTNPP: 3 min × 0.02 = 0.06, the US domestic pool untouched
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 100 }] }, { at: '2025-03-05T10:00:00Z', secs: 180, cap: 'MCOPSTNPP' });
    expect(r.poolMinutes).toEqual({ 'US/domestic': { included: 100, used: 0 } });
    expect(r.billableMinutes).toBe(3);
    expect(r.overageAmount).toBe('0.0600');
});

test('conference dial-out: covered inside Zone A, priced outside', () => {
    // to US (Zone A) 10 min from the pool; to BR 5 min: 5 × 0.15 + 0.10 fee = 0.85
    const r = rate1({ pools: [{ country: 'US', plan: 'audioConferencing', minutes: 60 }] },
        { at: '2025-03-05T10:00:00Z', secs: 600, type: 'conf_out', cap: 'MCOMEETADD' },
        { at: '2025-03-05T11:00:00Z', secs: 300, type: 'conf_out', cap: 'MCOMEETADD', to: 'BR' });
    expect(r.poolMinutes).toEqual({ 'US/audioConferencing': { included: 60, used: 10 } });
    expect(r.billableMinutes).toBe(5);
    expect(r.overageAmount).toBe('0.8500');
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'conf-BR', '5', '0.15', '0.7500'],
        ['2025-03-05', 'SUB1', 'P1', 'conf-BR:connection', '1', '0.1', '0.1000'],
    ]);
});

test('a user adding a phone to an ad-hoc conference (user_out_conf) makes an outbound call: pooled, then Teams Calling', () => {
    // US pool 5: a domestic user_out_conf of 4 min is covered; a second of 3 min takes the last 1 and bills 2 × 0.02 = 0.04;
    // one to India is never covered on a domestic plan: 2 × 0.10 + 0.05 fee = 0.25
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 5 }] },
        { at: '2025-03-05T10:00:00Z', secs: 240, type: 'user_out_conf' },
        { at: '2025-03-05T11:00:00Z', secs: 180, type: 'user_out_conf' },
        { at: '2025-03-05T12:00:00Z', secs: 120, type: 'user_out_conf', to: 'IN', intl: true });
    expect(r.poolMinutes).toEqual({ 'US/domestic': { included: 5, used: 5 } });
    expect(r.billableMinutes).toBe(4);
    expect(r.overageAmount).toBe('0.2900');
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-IN', '2', '0.1', '0.2000'],
        ['2025-03-05', 'SUB1', 'P1', 'call-IN:connection', '1', '0.05', '0.0500'],
        ['2025-03-05', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400'],
    ]);
    expect(r.lines.every((l) => l.MeterCategory === 'Teams Calling')).toBe(true);
});

test('an unknown capability is never covered, and said', () => {
    const r = rate1({ pools: [{ country: 'US', plan: 'domestic', minutes: 100 }] }, { at: '2025-03-05T10:00:00Z', secs: 60, cap: 'MCOXYZ' });
    expect(r.billableMinutes).toBe(1);
    expect(r.poolMinutes['US/domestic'].used).toBe(0);
    expect(r.warnings).toEqual(['1 billable call(s) with unknown capability "MCOXYZ": priced as never covered by a pool']);
});

// ---- rule 6: Communications Credits ----------------------------------------------------------------

const eur = (opening: string, autoRecharge: { threshold: string; amount: string } | null = null) => ({ credits: { opening, currency: 'EUR', autoRecharge } });
const toIndia3Min = { at: '2025-03-05T11:00:00Z', secs: 180, to: 'IN', intl: true }; // 3 × 0.10 + 0.05 fee = 0.35
const FR_CARD = { currency: 'EUR', effectiveFrom: '2024-01-01', rates: [rate('call-FR', 'Teams Calling', 'FR', '0.0240', '0.0300')] };
const toFrance7Min = { at: '2025-03-05T11:00:00Z', secs: 420, to: 'FR', intl: true }; // 7 × 0.024 + 0.03 fee = 0.198

test('credits pay part of a call: the fee first, then minutes; the rest is overage', () => {
    // 0.12 pays the 0.05 fee and 0.07 of the minutes: 0.23 of minutes left = 2.3 min of overage, no fee line
    const r = rate1(eur('0.12'), toIndia3Min);
    expect(r).toMatchObject({ creditsOpening: '0.1200', creditsUsed: '0.1200', creditsExhausted: true, overageAmount: '0.2300', recharges: 0 });
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-IN', '2.3', '0.1', '0.2300']]);
});

test('credits that do not cover the fee: the fee line bills overage\'s share, a fraction of one fee', () => {
    // 0.03 pays part of the 0.05 fee: overage pays 0.02 of it, 0.02 ÷ 0.05 = 0.4 fee (0.4 × 0.05 = 0.0200);
    // all 3 minutes are overage (0.30)
    const r = rate1(eur('0.03'), toIndia3Min);
    expect(r).toMatchObject({ creditsUsed: '0.0300', creditsExhausted: true, overageAmount: '0.3200' });
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-IN', '3', '0.1', '0.3000'],
        ['2025-03-05', 'SUB1', 'P1', 'call-IN:connection', '0.4', '0.05', '0.0200'],
    ]);
});

test('a partly credited fee whose share does not divide evenly: 6 decimals, and the line multiplies out', () => {
    // fee 0.03, 7 min × 0.024 = 0.168; 0.01 of credits pays part of the fee: its line bills 0.02,
    // 0.02 ÷ 0.03 = 0.666666… → 0.666667 (× 0.03 = 0.02000001 → 0.0200); the minutes are all overage
    const r = rate1({ ...eur('0.01'), rateCards: [FR_CARD] }, toFrance7Min);
    expect(r).toMatchObject({ creditsUsed: '0.0100', creditsExhausted: true, overageAmount: '0.1880' });
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-FR', '7', '0.024', '0.1680'],
        ['2025-03-05', 'SUB1', 'P1', 'call-FR:connection', '0.666667', '0.03', '0.0200'],
    ]);
});

test('docs/domain.md\'s worked example: credits pay the fee and part of the minutes', () => {
    // 0.198 = fee 0.03 + 7 × 0.024; 0.09 of credits pays the fee and 0.06 of the minutes:
    // no connection line; the minutes line bills 0.108 = 4.5 × 0.024
    const r = rate1({ ...eur('0.09'), rateCards: [FR_CARD] }, toFrance7Min);
    expect(r).toMatchObject({ creditsUsed: '0.0900', creditsExhausted: true, overageAmount: '0.1080', billableMinutes: 7 });
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-FR', '4.5', '0.024', '0.1080']]);
});

test('a line mixing a partly credited call with whole ones takes its quantity from its rounded total', () => {
    // 0.01245 a minute, 0.01 of credits. First call 2 min = 0.0249: credits pay 0.01, overage 0.0149;
    // second call 1 min = 0.01245, all overage. The line: 0.02735 → 0.0274 (half-up).
    // Quantity 0.0274 ÷ 0.01245 = 2.2008032… → 2.200803 (× 0.01245 = 0.0273999… → 0.0274).
    // Adding the calls' own quantities instead (1.196787 + 1 = 2.196787) would not multiply out: × 0.01245 → 0.0273.
    const r = rate1(eur('0.01'),
        { at: '2025-03-05T10:00:00Z', secs: 120, to: 'DE', cap: 'MCOPSTNPP' },
        { at: '2025-03-05T11:00:00Z', secs: 60, to: 'DE', cap: 'MCOPSTNPP' });
    expect(r).toMatchObject({ creditsUsed: '0.0100', overageAmount: '0.0274' });
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-DE', '2.200803', '0.01245', '0.0274']]);
});

test('a share of a fee too small to show at 4 decimals makes no line', () => {
    // 0.04996 of credits pays all but 0.00004 of the 0.05 fee: 0.00004 rounds to 0.0000, a quantity of 0, so no fee line;
    // the 3 minutes are overage (0.30), and the month bills what its lines bill
    const r = rate1(eur('0.04996'), toIndia3Min);
    expect(r).toMatchObject({ creditsUsed: '0.0500', overageAmount: '0.3000' });
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-IN', '3', '0.1', '0.3000']]);
});

test('a partly credited call leaves a fractional quantity, rounded half-up to 6 decimals', () => {
    // first call 1 min × 0.03 = 0.03 paid in full (no line); second 2 min = 0.06, 0.01 left in credits:
    // 0.05 overage ÷ 0.03 = 1.666666… → 1.666667 min
    const r = rate1(eur('0.04'),
        { at: '2025-03-05T10:00:00Z', secs: 60, to: 'GB', cap: 'MCOPSTNPP' },
        { at: '2025-03-05T11:00:00Z', secs: 120, to: 'GB', cap: 'MCOPSTNPP' });
    expect(r).toMatchObject({ creditsUsed: '0.0400', creditsExhausted: true, overageAmount: '0.0500' });
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-GB', '1.666667', '0.03', '0.0500']]);
});

test('credits that cover everything: nothing billed, not exhausted', () => {
    const r = rate1(eur('1'), toIndia3Min);
    expect(r).toMatchObject({ creditsOpening: '1.0000', creditsUsed: '0.3500', creditsExhausted: false, overageAmount: '0.0000', lines: [] });
});

test('auto-recharge: credits pay every call, the recharges are counted', () => {
    // 1.00 → 0.65 → 0.30 (< 0.50: buy 2.00) → 2.30 → 1.95; used 3 × 0.35 = 1.05, one recharge
    const r = rate1(eur('1', { threshold: '0.5', amount: '2' }),
        { ...toIndia3Min, at: '2025-03-05T10:00:00Z' },
        { ...toIndia3Min, at: '2025-03-05T11:00:00Z' },
        { ...toIndia3Min, at: '2025-03-05T12:00:00Z' });
    expect(r).toMatchObject({ recharges: 1, creditsUsed: '1.0500', creditsExhausted: false, overageAmount: '0.0000', refusedCalls: 0, lines: [] });
});

test('auto-recharge buys as often as a call needs', () => {
    // 0.00 < 0.35: buy 0.20 twice → 0.40; pay → 0.05 < 0.50: buy three times → 0.65; five recharges
    const r = rate1(eur('0', { threshold: '0.5', amount: '0.2' }), toIndia3Min);
    expect(r).toMatchObject({ recharges: 5, creditsUsed: '0.3500', overageAmount: '0.0000', lines: [] });
});

test('credits in another currency pay nothing, and are warned about once', () => {
    // USD credits, EUR calls: both go to overage, 2 × 0.02 = 0.04 (totals in the credits' currency: USD)
    const r = rate1({ credits: { opening: '50', currency: 'USD', autoRecharge: null } },
        { at: '2025-03-05T10:00:00Z', secs: 60 },
        { at: '2025-03-05T11:00:00Z', secs: 60 });
    expect(r.currency).toBe('USD');
    expect(r.creditsUsed).toBe('0.0000');
    expect(brief(r.lines)).toEqual([['2025-03-05', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400']]);
    expect(r.warnings).toEqual([
        'Communications Credits are in USD: calls in EUR were not paid from them',
        'calls priced in EUR, not USD: not in the totals (overage 0.0400 EUR, refused 0.0000 EUR); their lines bill in EUR',
    ]);
});

// ---- rule 7: overage in force, or refused ----------------------------------------------------------

test('overage off: what credits do not pay is refused, not billed', () => {
    // 0.10 of credits pays part of the 0.35 call: 0.25 refused; then 2 min × 0.02 = 0.04 refused
    const r = rate1({ ...eur('0.10'), settings: [off()] },
        toIndia3Min,
        { at: '2025-03-06T10:00:00Z', secs: 120 });
    expect(r).toMatchObject({ creditsUsed: '0.1000', creditsExhausted: true, refusedCalls: 2, refusedAmount: '0.2900', overageAmount: '0.0000', lines: [] });
});

test('overage enabled in the middle of the month: earlier calls refused, later ones billed', () => {
    // before 15 March 00:00 refused (2 × 0.02); from that instant on billed (3 × 0.02, then 1 × 0.02)
    const r = rate1({ settings: [off(), on('P1', 'SUB1', Date.parse('2025-03-15T00:00:00Z'))] },
        { at: '2025-03-10T10:00:00Z', secs: 120 },
        { at: '2025-03-15T00:00:00Z', secs: 180 },
        { at: '2025-03-20T10:00:00Z', secs: 60 });
    expect(r).toMatchObject({ refusedCalls: 1, refusedAmount: '0.0400', overageAmount: '0.0800' });
    expect(brief(r.lines)).toEqual([
        ['2025-03-15', 'SUB1', 'P1', 'call-US', '3', '0.02', '0.0600'],
        ['2025-03-20', 'SUB1', 'P1', 'call-US', '1', '0.02', '0.0200'],
    ]);
});

test('a handover in the middle of the month splits the lines between two subscriptions and partners', () => {
    // P1 (reseller R1) on SUB1 until 16 March 12:00, then P2 on SUB2; the 16th has a line for each
    const r = rate1({ settings: [on('P1', 'SUB1', -Infinity, 'R1'), on('P2', 'SUB2', Date.parse('2025-03-16T12:00:00Z'))] },
        { at: '2025-03-10T10:00:00Z', secs: 120 },
        { at: '2025-03-16T09:00:00Z', secs: 120 },
        { at: '2025-03-16T13:00:00Z', secs: 180 });
    expect(brief(r.lines)).toEqual([
        ['2025-03-10', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400'],
        ['2025-03-16', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400'],
        ['2025-03-16', 'SUB2', 'P2', 'call-US', '3', '0.02', '0.0600'],
    ]);
    expect(r.lines.map((l) => [l.ResellerMPNID, l.EntitlementId])).toEqual([['R1', 'SUB1'], ['R1', 'SUB1'], ['', 'SUB2']]);
    expect(r.overageAmount).toBe('0.1400');
});

// ---- the month's edges -----------------------------------------------------------------------------

test('a call at 23:59:59 on the last day (UTC) belongs to that month and day', () => {
    const r = rate1({ month: '2024-02' }, { at: '2024-02-29T23:59:59Z', secs: 120 });
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ UsageDate: '2024-02-29', ChargeStartDate: '2024-02-01', ChargeEndDate: '2024-02-29', Quantity: '2' });
    expect(r.warnings).toEqual([]);
});

test('calls of another month are ignored, and counted in a warning', () => {
    // the last second of February and the first of April fall outside March
    const r = rate1({},
        { at: '2025-02-28T23:59:59Z', secs: 60 },
        { at: '2025-03-05T10:00:00Z', secs: 60 },
        { at: '2025-04-01T00:00:00Z', secs: 60 });
    expect(r.billableMinutes).toBe(1);
    expect(r.warnings).toEqual(['2 call(s) outside 2025-03 (UTC) ignored']);
});

// ---- rule 5: prices ----------------------------------------------------------------------------------

test('money is exact and rounded half-up at 4 decimals; the month bills what its lines bill', () => {
    // 0.01245 a minute (binary floating point makes it 0.012449999…, which would round to 0.0124):
    // 1 min on the 5th = 0.01245 → 0.0125; 1 + 2 min on the 6th = 0.03735 → 0.0374.
    // The month's overage is the sum of its lines, 0.0125 + 0.0374 = 0.0499 (the exact 0.0498 rounded once would not be what the lines bill)
    const r = rate1({},
        { at: '2025-03-05T10:00:00Z', secs: 60, to: 'DE', cap: 'MCOPSTNPP' },
        { at: '2025-03-06T10:00:00Z', secs: 60, to: 'DE', cap: 'MCOPSTNPP' },
        { at: '2025-03-06T11:00:00Z', secs: 120, to: 'DE', cap: 'MCOPSTNPP' });
    expect(brief(r.lines)).toEqual([
        ['2025-03-05', 'SUB1', 'P1', 'call-DE', '1', '0.01245', '0.0125'],
        ['2025-03-06', 'SUB1', 'P1', 'call-DE', '3', '0.01245', '0.0374'],
    ]);
    expect(r.overageAmount).toBe('0.0499');
});

test('a missing rate makes the month incomplete and is listed, never a silent zero', () => {
    // to ZZ (no rate) twice, no destination once, a USD call (no USD card); only the US call is priced (0.02)
    const r = rate1({},
        { at: '2025-03-05T10:00:00Z', secs: 60, to: 'ZZ', cap: 'MCOPSTNPP' },
        { at: '2025-03-05T11:00:00Z', secs: 60, to: null, cap: 'MCOPSTNPP' },
        { at: '2025-03-05T12:00:00Z', secs: 60, to: 'ZZ', cap: 'MCOPSTNPP' },
        { at: '2025-03-05T13:00:00Z', secs: 60, currency: 'USD' },
        { at: '2025-03-05T14:00:00Z', secs: 60 });
    expect(r.status).toBe('incomplete');
    expect(r.missingRates).toEqual([
        { currency: 'EUR', meterCategory: 'Teams Calling', destination: '', calls: 1 },
        { currency: 'EUR', meterCategory: 'Teams Calling', destination: 'ZZ', calls: 2 },
        { currency: 'USD', meterCategory: 'Teams Calling', destination: 'US', calls: 1 },
    ]);
    expect(r).toMatchObject({ billableMinutes: 1, overageAmount: '0.0200', refusedCalls: 0, currency: 'EUR' });
    expect(r.lines).toHaveLength(1);
});

test('two rate cards: each call is priced by the card in force on its UTC day', () => {
    // from 16 March US costs 0.025 (was 0.02): 2 min on the 15th = 0.04; 2 min on the 16th = 0.05
    const card2 = { currency: 'EUR', effectiveFrom: '2025-03-16', rates: [rate('call-US', 'Teams Calling', 'US', '0.025')] };
    const r = rate1({ rateCards: [card2, CARD_2024] },
        { at: '2025-03-15T23:59:59Z', secs: 120 },
        { at: '2025-03-16T00:00:00Z', secs: 120 });
    expect(brief(r.lines)).toEqual([
        ['2025-03-15', 'SUB1', 'P1', 'call-US', '2', '0.02', '0.0400'],
        ['2025-03-16', 'SUB1', 'P1', 'call-US', '2', '0.025', '0.0500'],
    ]);
    expect(r.overageAmount).toBe('0.0900');
});

// ---- determinism and order -----------------------------------------------------------------------

test('the same month rated again gives the same result, ids included; sync, async and push agree', async () => {
    const specs: CallSpec[] = [{ at: '2025-03-05T10:00:00Z', secs: 120 }, toIndia3Min, { at: '2025-03-07T10:00:00Z', secs: 60 }];
    const a = rateMonthSync(input(), calls(...specs));
    async function* stream() { for (const c of calls(...specs)) yield c; }
    const b = await rateMonth(input(), stream());
    const c = await rateMonth(input(), calls(...specs));
    const pushed = new MonthRating(input());
    for (const call of calls(...specs)) pushed.add(call);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(pushed.finish()).toEqual(a);
    // the id is sha256 of customer|subscription|partner|reseller|currency|meter|day|kind
    expect(a.lines.map((l) => [l.UsageDate, l.MeterId])).toEqual([
        ['2025-03-05', 'call-IN'], ['2025-03-05', 'call-IN:connection'], ['2025-03-05', 'call-US'], ['2025-03-07', 'call-US'],
    ]);
    expect(a.lines[1].id).toBe(createHash('sha256').update('T1|SUB1|P1||EUR|call-IN|2025-03-05|connection').digest('hex'));
    expect(a.lines[2].id).toBe(createHash('sha256').update('T1|SUB1|P1||EUR|call-US|2025-03-05|minutes').digest('hex'));
    expect(new Set(a.lines.map((l) => l.id)).size).toBe(4);
});

test('calls out of order are refused: pool and credit draws depend on the order', () => {
    const [first, second] = calls({ at: '2025-03-05T10:00:00Z', secs: 60 }, { at: '2025-03-05T11:00:00Z', secs: 60 });
    expect(() => rateMonthSync(input(), [second, first])).toThrow(/out of order/);
    // same start: ties go by usageId
    const tie = { ...second, start: first.start };
    expect(() => rateMonthSync(input(), [tie, first])).toThrow(/out of order/);
    expect(() => rateMonthSync(input(), [first, tie])).not.toThrow();
    // the same call twice would bill twice
    expect(() => rateMonthSync(input(), [first, first])).toThrow(/out of order/);
});

test('input warnings pass through, first', () => {
    const r = rate1({ warnings: ['opening balance not recorded'] }, { at: '2025-04-02T00:00:00Z', secs: 60 });
    expect(r.warnings).toEqual(['opening balance not recorded', '1 call(s) outside 2025-03 (UTC) ignored']);
    expect(r).toMatchObject({ status: 'complete', currency: 'EUR', billableMinutes: 0, creditsOpening: '0.0000', overageAmount: '0.0000', refusedAmount: '0.0000', lines: [] });
});
