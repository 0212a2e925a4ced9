// The month to date and its forecast, without I/O (shared/core/forecast/):
// the month rated to its last instant equals the accrual's rating of the same
// calls; hand-made months (flat, weekday-heavy, a spike) are forecast within
// the stated range; the projection drains pools, then credits, then overage.
// Dates are the months' own (November 2026 starts on a Sunday), never today.
import { rateByDay } from '../../shared/core/forecast/dailyRating';
import { MonthToDate } from '../../shared/core/forecast/monthToDate';
import { monthToDateOf } from '../../shared/core/forecast/monthToDateOf';
import { project } from '../../shared/core/forecast/projection';
import { dayKind } from '../../shared/core/forecast/runRate';
import { rateMonthSync } from '../../shared/core/rating/rateMonth';
import type { RatingInput, UsageCall } from '../../shared/core/rating/ratingModel';
import { ratingRules } from '../../shared/core/rating/ratingRules';
import { MONTH_TO_DATE_EXAMPLE } from '../../shared/features/api/monthToDateExample';

const MONTH = '2026-11';
const CARD = {
    currency: 'EUR', effectiveFrom: '2026-01-01', rates: [
        { meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: '0.015', connectionFee: '0' },
        { meterId: 'tc-gb', meterName: 'Teams Calling United Kingdom', meterCategory: 'Teams Calling', destination: 'GB', perMinute: '0.04', connectionFee: '0.01' },
    ],
};

const input = (over: Partial<RatingInput> = {}): RatingInput => ({
    customerTenantId: 'T1', customerName: 'Lucerne', month: MONTH,
    pools: [{ country: 'BE', plan: 'domestic', minutes: 3600 }],
    rateCards: [CARD], credits: null,
    settings: [{ from: -Infinity, overageEnabled: true, partnerId: 'P1', azureEntitlementId: 'SUB1' }],
    rules: ratingRules({}), warnings: [], ...over,
});

let seq = 0;
/** A call from Belgium: domestic (pool) or to the UK (never covered). */
const call = (at: string, minutes: number, to: 'BE' | 'GB' = 'BE'): UsageCall => ({
    usageId: `u${String(++seq).padStart(5, '0')}`, start: Date.parse(at), callType: 'user_out', tollFree: false,
    international: to !== 'BE', destination: to, userLocation: 'BE', durationSeconds: minutes * 60, currency: 'EUR', capability: 'MCOPSTN1',
});

/** `perDay(day)` minutes of domestic calls on each day of November, at 10:00, in calls of 10 minutes, and 2 minutes to the UK. */
function month(perDay: (day: number) => number): UsageCall[] {
    const calls: UsageCall[] = [];
    for (let day = 1; day <= 30; day++) {
        const at = `${MONTH}-${String(day).padStart(2, '0')}T10:00:00Z`;
        for (let m = perDay(day); m > 0; m -= 10) calls.push(call(at, Math.min(10, m)));
        calls.push(call(`${MONTH}-${String(day).padStart(2, '0')}T11:00:00Z`, 2, 'GB'));
    }
    return calls.sort((a, b) => a.start - b.start || (a.usageId < b.usageId ? -1 : 1));
}

const before = (calls: UsageCall[], day: number) => calls.filter((c) => c.start < Date.UTC(2026, 10, day + 1));
const billable = (f: MonthToDate['forecast'], k: 'expected' | 'low' | 'high') => Number(f.overageAmount[k]) + Number(f.creditsUsed[k]);

async function forecastOn(inp: RatingInput, calls: UsageCall[], day: number): Promise<MonthToDate> {
    return monthToDateOf(inp, await rateByDay(inp, before(calls, day)), { throughDay: day, history: [] });
}

describe('the month to date', () => {
    test('rated to the month\'s last instant, it is the month-end rating of the same calls: figures, pools, credits, overage', async () => {
        // credits of 5.0000 pay first: the pool (3600) runs dry on the 15th at 240 a day, then 0.015 a minute
        const inp = input({ credits: { opening: '5', currency: 'EUR', autoRecharge: null } });
        const calls = month(() => 240);
        const truth = rateMonthSync(inp, calls);
        const mtd = monthToDateOf(inp, await rateByDay(inp, calls), { throughDay: 30, history: [] });
        const { lines: _lines, ...figures } = truth;
        expect(MonthToDate.parse(mtd)).toEqual(mtd);
        expect({ ...mtd, status: truth.status }).toMatchObject(figures);
        expect(mtd.poolMinutes).toEqual({ 'BE/domestic': { included: 3600, used: 3600 } });
        expect(mtd.creditsExhausted).toBe(true);
        // the days add up to the month, and nothing is left to forecast
        const sum = (k: 'creditsUsed' | 'overageAmount') => mtd.days.reduce((n, d) => n + Number(d[k]), 0).toFixed(4);
        expect([sum('creditsUsed'), sum('overageAmount')]).toEqual([truth.creditsUsed, truth.overageAmount]);
        expect(mtd.days.reduce((n, d) => n + d.poolMinutes, 0)).toBe(3600);
        expect(mtd.days[14]).toMatchObject({ date: '2026-11-15', poolMinutes: 240 });
        expect(mtd.days[15]).toMatchObject({ date: '2026-11-16', poolMinutes: 0, billableMinutes: 242 });
        expect(mtd.forecast).toMatchObject({
            to: '2026-11-30', poolRunsOutOn: '2026-11-15',
            overageAmount: { expected: truth.overageAmount, low: truth.overageAmount, high: truth.overageAmount },
            creditsUsed: { expected: '5.0000', low: '5.0000', high: '5.0000' },
            billableMinutes: { expected: truth.billableMinutes, low: truth.billableMinutes, high: truth.billableMinutes },
        });
        // 2 minutes to the UK (0.09) a day, then 242 billable minutes a day from the 16th: the 5.0000 ran out on the 16th
        expect(mtd.forecast.creditsRunOutOn).toBe('2026-11-16');
    });

    test('a day before the 1st and a quiet day: every day from the 1st, 0 where nothing happened', async () => {
        const calls = [call('2026-11-03T09:00:00Z', 30, 'GB')];
        const mtd = monthToDateOf(input(), await rateByDay(input(), calls), { throughDay: 5, history: [] });
        expect(mtd.days.map((d) => [d.date, d.billableMinutes, d.overageAmount])).toEqual([
            ['2026-11-01', 0, '0.0000'], ['2026-11-02', 0, '0.0000'], ['2026-11-03', 30, '1.2100'], ['2026-11-04', 0, '0.0000'], ['2026-11-05', 0, '0.0000'],
        ]);
        expect(mtd.asOf).toBe('2026-11-03T09:00:00.000Z');
    });

    test('another partner\'s view shows only its own overage', async () => {
        const inp = input({ settings: [{ from: -Infinity, overageEnabled: true, partnerId: 'P1', azureEntitlementId: 'SUB1' }] });
        const rated = await rateByDay(inp, [call('2026-11-03T09:00:00Z', 30, 'GB')]);
        const theirs = monthToDateOf(inp, rated, { throughDay: 5, partnerId: 'P2', history: [] });
        expect([theirs.overageAmount, theirs.days[2].overageAmount, theirs.forecast.overageAmount.expected]).toEqual(['0.0000', '0.0000', '0.0000']);
        expect(monthToDateOf(inp, rated, { throughDay: 5, partnerId: 'P1', history: [] }).overageAmount).toBe('1.2100');
    });

    test('no call yet: nothing is projected, and the basis says so', async () => {
        const mtd = monthToDateOf(input(), await rateByDay(input(), []), { throughDay: 1, history: [{ month: '2026-10', minutes: 5000 }] });
        expect(mtd.forecast).toMatchObject({ billableMinutes: { expected: 0, low: 0, high: 0 }, overageAmount: { expected: '0.0000' }, poolRunsOutOn: null });
        expect(mtd.forecast.basis.method).toMatch(/nothing is projected/);
        expect(mtd.asOf).toBeNull();
    });

    test('the OpenAPI example is a month to date', () => {
        expect(MonthToDate.parse(MONTH_TO_DATE_EXAMPLE)).toEqual(MONTH_TO_DATE_EXAMPLE);
    });
});

describe('the forecast on hand-made months lands within its range', () => {
    // November 2026: the 1st is a Sunday; 21 workdays, 9 weekend days
    const cases: Array<[string, (day: number) => number]> = [
        ['flat: 200 minutes every day', () => 200],
        ['weekday-heavy: 300 a workday, 20 a weekend day', (d) => (dayKind(MONTH, d) === 'weekend' ? 20 : 300)],
        ['a spike: 150 a day, 1,500 on the 4th', (d) => (d === 4 ? 1500 : 150)],
        ['noisy workdays: 100 to 400, quiet weekends', (d) => (dayKind(MONTH, d) === 'weekend' ? 10 : 100 + ((d * 73) % 300))],
    ];
    test.each(cases)('%s', async (_name, perDay) => {
        const calls = month(perDay);
        const truth = rateMonthSync(input(), calls);
        const final = Number(truth.overageAmount);
        for (const day of [10, 20]) {
            const { forecast } = await forecastOn(input(), calls, day);
            expect([day, billable(forecast, 'low')]).toEqual([day, expect.any(Number)]);
            expect(billable(forecast, 'low')).toBeLessThanOrEqual(billable(forecast, 'expected'));
            expect(billable(forecast, 'expected')).toBeLessThanOrEqual(billable(forecast, 'high'));
            expect({ day, final, within: final >= billable(forecast, 'low') && final <= billable(forecast, 'high') }).toEqual({ day, final, within: true });
            expect(forecast.basis.daysObserved).toBe(day);
        }
    });

    test('weekday weighting: a weekday-heavy month observed on a weekend-light stretch is not projected as all workdays', async () => {
        const perDay = (d: number) => (dayKind(MONTH, d) === 'weekend' ? 0 : 200);
        const { forecast } = await forecastOn(input({ pools: [] }), month(perDay), 10);
        // 21 workdays × 200 = 4,200 domestic minutes + 30 × 2 to the UK; all billable without a pool
        expect(forecast.billableMinutes.expected).toBe(4200 + 60);
    });
});

test('the worked example of docs/domain.md "Month to date and forecast" (and the OpenAPI example)', async () => {
    // 200 minutes each workday, 40 on Sunday the 1st and Saturday the 7th, none on Sunday the 8th; observed to the 10th
    const perDay = (d: number) => (dayKind(MONTH, d) === 'workday' ? 200 : d === 8 ? 0 : 40);
    const calls = month(perDay).filter((c) => c.destination === 'BE');
    const mtd = await forecastOn(input(), calls, 10);
    expect(mtd.poolMinutes).toEqual({ 'BE/domestic': { included: 3600, used: 1480 } });
    // 14 workdays × 200 + 6 weekend days × 26.67 = 2,960 minutes asked for, 2,120 left in the pool: 840 beyond it, × 0.015 = 12.60
    // range ±30.8%: low asks 2,049 (the pool holds), high 3,871 (1,751 beyond it, 26.26)
    expect(mtd.forecast).toEqual({
        ...MONTH_TO_DATE_EXAMPLE.forecast,
        basis: { ...MONTH_TO_DATE_EXAMPLE.forecast.basis, method: expect.stringContaining('±31%') },
    });
    expect(mtd.days).toEqual(MONTH_TO_DATE_EXAMPLE.days);
});

describe('the projection pays as the rating does', () => {
    const day = (minutes: number, other = 0) => ({ pools: { 'BE/domestic': { minutes, micro: minutes * 15_000 } }, otherMinutes: other, otherMicro: other * 40_000 });
    const days = (n: number, d: ReturnType<typeof day>) => Array.from({ length: n }, (_, i) => ({ day: 21 + i, demand: d }));

    test('the pool drains first, then credits pay, then overage; the days they run out', () => {
        // 10 days (21st to 30th) of 100 pool minutes with 250 left: dry on the 23rd (100, 100, then 50 + 50 billable);
        // at 0.015 a minute: 0.75 on the 23rd, 1.50 a day after; 2.00 of credits pay 0.75 + 1.25: zero on the 24th;
        // 750 billable minutes cost 11.25, of which overage 9.25
        const p = project({ poolsLeft: { 'BE/domestic': 250 }, credits: { balanceMicro: 2_000_000, autoRecharge: null }, overageOn: true }, days(10, day(100)));
        expect(p).toEqual({ billableMinutes: 750, creditsUsedMicro: 2_000_000, overageMicro: 9_250_000, poolRunsOutOn: 23, creditsRunOutOn: 24 });
    });

    test('with auto-recharge credits pay everything and never run out; without overage the rest is refused, not billed', () => {
        const recharging = project({ poolsLeft: {}, credits: { balanceMicro: 1_000_000, autoRecharge: { thresholdMicro: 500_000, amountMicro: 1_000_000 } }, overageOn: true }, days(5, day(0, 10)));
        expect(recharging).toMatchObject({ creditsUsedMicro: 2_000_000, overageMicro: 0, creditsRunOutOn: null });
        const refused = project({ poolsLeft: {}, credits: null, overageOn: false }, days(5, day(0, 10)));
        expect(refused).toMatchObject({ billableMinutes: 50, creditsUsedMicro: 0, overageMicro: 0 });
    });
});
