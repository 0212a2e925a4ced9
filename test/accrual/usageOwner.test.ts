// Usage has an owner (docs/domain.md): whose setting was in force when, which
// calls a partner may import (the period check at import), and which calls
// count for a bill at rating time (the history may have changed since the
// import). Pure: no host, no store.
// Figures are worked out by hand beside each expectation.
import type { RatingInput, SettingInForce, UsageCall, UsageSource } from '../../shared/core/rating/ratingModel';
import { rateMonthSync } from '../../shared/core/rating/rateMonth';
import { ratingRules } from '../../shared/core/rating/ratingRules';
import { notOwned, ownPeriods, partnerSource, settingAt, sortedSettings } from '../../shared/core/rating/usageOwner';
import { UsageOwnership } from '../../shared/features/usage/importOwnership';

const A = 'P-A';
const B = 'P-B';
const HANDOVER = Date.parse('2025-03-16T12:00:00Z');
const setting = (partnerId: string, from: number, overageEnabled = true, azureEntitlementId: string | null = `SUB-${partnerId}`): SettingInForce =>
    ({ from, overageEnabled, partnerId, azureEntitlementId });
/** A held overage since before the app's records (adopted); A set None at the handover and B took over a minute later. */
const HISTORY = [setting(A, -Infinity), setting(A, HANDOVER, false, null), setting(B, HANDOVER + 60_000)];

describe('the rule', () => {
    test('the setting in force: the last one started; of two at one instant the later given wins, whatever the order given', () => {
        const sorted = sortedSettings([HISTORY[2], HISTORY[0], HISTORY[1]]);
        expect(settingAt(sorted, Date.parse('2025-03-01T00:00:00Z'))?.partnerId).toBe(A);
        expect(settingAt(sorted, HANDOVER + 30_000)).toMatchObject({ partnerId: A, overageEnabled: false });
        expect(settingAt(sorted, HANDOVER + 60_000)?.partnerId).toBe(B);
        const tie = sortedSettings([setting(A, 5), setting(B, 5)]);
        expect(settingAt(tie, 5)?.partnerId).toBe(B);
        expect(settingAt(tie, 4)).toBeUndefined();
    });

    test('a partner\'s periods join where its settings follow one another', () => {
        const sorted = sortedSettings([...HISTORY, setting(A, HANDOVER + 120_000), setting(A, HANDOVER + 180_000, false, null)]);
        expect(ownPeriods(sorted, A)).toEqual([{ from: -Infinity, to: HANDOVER + 60_000 }, { from: HANDOVER + 120_000, to: Infinity }]);
        expect(ownPeriods(sorted, B)).toEqual([{ from: HANDOVER + 60_000, to: HANDOVER + 120_000 }]);
    });

    test('Microsoft\'s records are the reference: they always count', () => {
        expect(notOwned({ kind: 'microsoft' }, undefined)).toBeUndefined();
        expect(notOwned(undefined, setting(A, 0))).toBeUndefined();
        expect(notOwned(partnerSource(A), setting(A, 0, false, null))).toBeUndefined();
        expect(notOwned(partnerSource(A), undefined)).toBe('no-setting');
        expect(notOwned(partnerSource(B), setting(A, 0))).toBe('another-partner');
    });
});

describe('the period check at import', () => {
    const t = (iso: string) => Date.parse(iso);

    test('a partner may import the calls made under its own setting, None included, and no others', () => {
        const a = new UsageOwnership(HISTORY, A);
        const b = new UsageOwnership(HISTORY, B);
        expect(a.refusal(t('2025-03-01T00:00:00Z'))).toBeUndefined();
        expect(a.refusal(HANDOVER + 30_000)).toBeUndefined(); // A's None: still A's setting
        expect(a.refusal(HANDOVER + 60_000)).toMatch(/another partner's overage setting was in force: .* \(yours: until 2025-03-16T12:01:00.000Z\)$/);
        expect(b.refusal(HANDOVER + 59_999)).toMatch(/another partner's/);
        expect(b.refusal(HANDOVER + 60_000)).toBeUndefined();
        expect(b.refusal(t('2099-01-01T00:00:00Z'))).toBeUndefined();
        expect(b.refusal(t('2025-03-16T12:00:59Z'))).toMatch(/\(yours: from 2025-03-16T12:01:00.000Z\)$/);
    });

    test('before the first recorded setting nobody\'s setting was in force; a stranger has no period at all', () => {
        const recorded = [setting(A, Date.parse('2025-03-10T00:00:00Z'))];
        expect(new UsageOwnership(recorded, A).refusal(Date.parse('2025-03-09T23:59:59Z'))).toMatch(/no overage setting was in force: .*\(yours: from 2025-03-10T00:00:00.000Z\)$/);
        expect(new UsageOwnership(recorded, 'P-C').refusal(Date.parse('2025-03-20T00:00:00Z'))).toMatch(/\(yours: none\)$/);
        expect(new UsageOwnership([], A).refusal(0)).toMatch(/no overage setting/);
    });

    test('settings are read in time order, whatever order they come in', () => {
        const shuffled = [HISTORY[2], HISTORY[0], HISTORY[1]];
        expect(new UsageOwnership(shuffled, B).refusal(HANDOVER + 60_000)).toBeUndefined();
        expect(new UsageOwnership(shuffled, A).refusal(HANDOVER + 60_000)).toMatch(/another partner's/);
    });
});

describe('the rule at rating time', () => {
    const input = (settings: SettingInForce[], over: Partial<RatingInput> = {}): RatingInput => ({
        customerTenantId: 'T1', customerName: 'Lucerne', month: '2025-03', pools: [{ country: 'BE', plan: 'domestic', minutes: 10 }],
        rateCards: [{ currency: 'EUR', effectiveFrom: '2024-01-01', rates: [{ meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: '0.01', connectionFee: 0 }] }],
        credits: null, settings, rules: ratingRules({}), warnings: [], ...over,
    });
    let n = 0;
    const callAt = (iso: string, minutes: number, source?: UsageSource, usageId = `u${String(++n).padStart(3, '0')}`): UsageCall => ({
        usageId, start: Date.parse(iso), callType: 'user_out', tollFree: false, international: false, destination: 'BE', userLocation: 'BE',
        durationSeconds: minutes * 60, currency: 'EUR', capability: 'MCOPSTN1', ...(source ? { source } : {}),
    });
    const brief = (r: ReturnType<typeof rateMonthSync>) => r.lines.map((l) => [l.UsageDate, l.PartnerId, l.Quantity, l.BillingPreTaxTotal]);

    test('another partner\'s rows are left out whole: they draw no pool minutes and make no line', () => {
        // A's calls: 8 min on the 2nd (pool 10 → 2 left), 5 min on the 4th (2 from the pool, 3 billed: 0.03).
        // B's made-up 8 hours on the 3rd, under A's setting, would have drained the pool and billed A 480 min.
        const calls = [
            callAt('2025-03-02T10:00:00Z', 8, partnerSource(A)),
            callAt('2025-03-03T10:00:00Z', 480, partnerSource(B)),
            callAt('2025-03-03T11:00:00Z', 480, partnerSource(B)),
            callAt('2025-03-04T10:00:00Z', 5, partnerSource(A)),
        ];
        const r = rateMonthSync(input([setting(A, -Infinity)]), calls);
        expect(r.poolMinutes).toEqual({ 'BE/domestic': { included: 10, used: 10 } });
        expect(brief(r)).toEqual([['2025-03-04', A, '3', '0.0300']]);
        expect(r.billableMinutes).toBe(3);
        expect(r.warnings).toEqual([]);
        expect(r.partnerWarnings).toEqual({ [B]: ['2 call(s) supplied by partner P-B were left out: another partner\'s overage setting was in force at their start, and a partner\'s usage counts only while its own setting is in force'] });
        expect(JSON.stringify(r.partnerWarnings)).not.toContain('SUB-');
    });

    test('a handover: each partner\'s rows count in its own period only, whatever was allowed at import', () => {
        // A imported the whole month before the handover was recorded; B imported the end of the month after it.
        // A's 10 min on the 10th use up the pool; A's 2 min during its None (12:00:30 on the 16th) are A's: refused, 0.02;
        // A's copy of the call on the 20th started in B's period: left out.
        const calls = [
            callAt('2025-03-10T10:00:00Z', 10, partnerSource(A)),
            callAt('2025-03-16T12:00:30Z', 2, partnerSource(A)),
            callAt('2025-03-20T10:00:00Z', 7, partnerSource(A), 'same-call'),
            callAt('2025-03-20T10:00:00Z', 7, partnerSource(B), 'same-call'),
        ];
        const r = rateMonthSync(input(HISTORY), calls);
        // the customer's figures count every call that counts: A's 10 min used the pool, so B's 7 are billable
        expect(r).toMatchObject({ poolMinutes: { 'BE/domestic': { included: 10, used: 10 } }, billableMinutes: 9, refusedCalls: 1, refusedAmount: '0.0200' });
        // but B's lines are rated from B's rows (and Microsoft's) only: A's rows cannot use up the pool before B's calls
        expect(brief(r)).toEqual([]);
        expect(r.overageAmount).toBe('0.0000');
        expect(r.partnerWarnings).toEqual({ [A]: [expect.stringMatching(/^1 call\(s\) supplied by partner P-A were left out: another partner's/)] });
        expect(r.warnings).toEqual([]);
    });

    test('a handover: Microsoft\'s records use up the pool for every partner', () => {
        // the same month with A's 10 min on the 10th pulled from Microsoft: B's 7 min are beyond the pool, 7 × 0.01 = 0.07 to B
        const calls = [
            callAt('2025-03-10T10:00:00Z', 10, { kind: 'microsoft' }),
            callAt('2025-03-20T10:00:00Z', 7, partnerSource(B), 'same-call'),
        ];
        const r = rateMonthSync(input(HISTORY), calls);
        expect(brief(r)).toEqual([['2025-03-20', B, '7', '0.0700']]);
        expect(r.overageAmount).toBe('0.0700');
    });

    test('no setting at the call\'s start: a partner\'s row is left out, and said so', () => {
        const r = rateMonthSync(input([setting(A, Date.parse('2025-03-15T00:00:00Z'))]), [callAt('2025-03-14T10:00:00Z', 20, partnerSource(A))]);
        expect(r).toMatchObject({ billableMinutes: 0, refusedCalls: 0, lines: [], poolMinutes: { 'BE/domestic': { used: 0 } } });
        expect(r.partnerWarnings).toEqual({ [A]: [expect.stringMatching(/^1 call\(s\) supplied by partner P-A were left out: no overage setting was in force at their start/)] });
    });

    test('Microsoft\'s rows count under any setting; a partner\'s copy of the same call counts once, after Microsoft\'s', () => {
        // one call of 12 min: 10 from the pool, 2 billed to A (0.02), not twice
        const calls = [callAt('2025-03-05T10:00:00Z', 12, { kind: 'microsoft' }, 'c1'), callAt('2025-03-05T10:00:00Z', 12, partnerSource(A), 'c1')];
        const r = rateMonthSync(input([setting(A, -Infinity)]), calls);
        expect(brief(r)).toEqual([['2025-03-05', A, '2', '0.0200']]);
        expect(r.warnings).toEqual(['1 call(s) were supplied more than once (the same UsageId and Start Time from Microsoft and a partner, or from two partners) and counted once']);
        // copies come Microsoft's first: a partner's copy before Microsoft's is out of order
        expect(() => rateMonthSync(input([setting(A, -Infinity)]), [calls[1], calls[0]])).toThrow(/out of order/);
    });
});
