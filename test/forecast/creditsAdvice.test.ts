// The credits advice rule on hand-made months: steady usage gets auto-recharge
// settings that a replay of its own (here, not the rule's) shows would have
// kept the balance above zero; irregular usage gets pay-as-you-go; no rated
// month, or no credits, say so as a result.
import { CreditsAdviceAnswer } from '../../shared/features/forecast/creditsAdvice';
import { CREDITS_ADVICE_EXAMPLE } from '../../shared/features/forecast/creditsAdviceExample';
import { adviseCredits, type AdviceInput, type CreditsNow, type SpendMonth } from '../../shared/core/forecast/creditsAdvice';

const EUR = 1_000_000;
const SEARCHED = { from: '2025-11', to: '2026-10' };
const onCredits: CreditsNow = { balanceMicro: 25 * EUR, currency: 'EUR', autoRecharge: { enabled: true, thresholdMicro: 10 * EUR, amountMicro: 50 * EUR } };

/** A month whose weekdays cost `weekday(i)` and whose weekends cost `weekend` (2026-08-01 was a Saturday). */
function month(month: string, days: number, weekday: (i: number) => number, weekend: number): SpendMonth {
    const first = new Date(`${month}-01T00:00:00Z`).getUTCDay();
    return { month, daySpendMicro: Array.from({ length: days }, (_, i) => ([0, 6].includes((first + i) % 7) ? weekend : weekday(i))) };
}
/** Steady: weekdays 20 to 30 EUR in a fixed wobble, weekends 3 EUR. */
const steady = [
    month('2026-08', 31, (i) => (20 + ((i * 7) % 11)) * EUR, 3 * EUR),
    month('2026-09', 30, (i) => (21 + ((i * 5) % 9)) * EUR, 3 * EUR),
    month('2026-10', 31, (i) => (22 + ((i * 3) % 8)) * EUR + 450_000, 3 * EUR),
];
const advise = (o: Partial<AdviceInput>) => adviseCredits({ credits: onCredits, months: steady, searched: SEARCHED, ...o });

/**
 * The test's own reading of auto-recharge with a day's delay: a day's calls are
 * paid, yesterday's order lands, and a day ending below the threshold orders.
 * Answers the lowest balance seen right after a day's calls.
 */
function lowestBalance(months: SpendMonth[], start: number, threshold: number, amount: number): number {
    let balance = start;
    let lowest = start;
    let ordered = false;
    for (const spend of months.flatMap((m) => m.daySpendMicro)) {
        balance -= spend;
        lowest = Math.min(lowest, balance);
        if (ordered) { balance += amount; ordered = false; }
        if (balance < threshold) ordered = true;
    }
    return lowest;
}
const micro = (decimal: string) => Math.round(Number(decimal) * EUR);

describe('steady usage', () => {
    const advice = advise({});

    test('proposes a threshold of two largest days and a recharge of the busiest week, both whole euros', () => {
        expect(advice.recommendation).toBe('auto-recharge');
        // the largest day: an August weekday of 20 + 10 EUR (October's peak is 29.45)
        expect(advice.measures?.largestDay).toEqual({ date: '2026-08-04', amount: '30.0000' });
        expect(advice.autoRecharge).toEqual({ threshold: '61.0000', amount: expect.stringMatching(/^\d+\.0000$/) });
        expect(micro(advice.autoRecharge!.amount)).toBeGreaterThanOrEqual(micro(advice.measures!.busiestWeek.amount));
        expect(advice.monthsUsed.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
        expect(advice.assumptions.join(' ')).toContain('The largest day in 2026-08, 2026-09, 2026-10 was 30.00 EUR (2026-08-04)');
    });

    test('replayed by the test with the balance starting anywhere from the threshold up, it never reaches zero', () => {
        const threshold = micro(advice.autoRecharge!.threshold);
        const amount = micro(advice.autoRecharge!.amount);
        for (const start of [threshold, threshold + 7 * EUR, threshold + amount]) expect(lowestBalance(steady, start, threshold, amount)).toBeGreaterThan(0);
        expect(micro(advice.replay!.lowestBalance)).toBe(lowestBalance(steady, threshold, threshold, amount));
        expect(advice.replay!.reachedZeroOn).toBeNull();
    });

    test('the threshold is not padded for nothing: one largest day less would have run the balance dry', () => {
        const threshold = micro(advice.autoRecharge!.threshold) - 30 * EUR;
        // the worst case: the two largest days in a row, right after the balance sat at the threshold
        const twoPeaks: SpendMonth = { month: '2026-11', daySpendMicro: [30 * EUR, 30 * EUR, 0] };
        expect(lowestBalance([twoPeaks], threshold, threshold, micro(advice.autoRecharge!.amount))).toBeLessThan(0);
    });

    test('the current settings (10 EUR, recharge 50 EUR) are replayed too, and would have run dry', () => {
        expect(advice.currentReplay?.reachedZeroOn).toBe('2026-08-05');
        expect(advice.summary).toContain('With the current settings it would have reached zero on 2026-08-05');
    });

    test('is the example of the API document, word for word, and that example fits the answer schema', () => {
        const { customerTenantId, asOf } = CREDITS_ADVICE_EXAMPLE;
        expect({ customerTenantId, asOf, ...advice }).toEqual(CREDITS_ADVICE_EXAMPLE);
        expect(CreditsAdviceAnswer.safeParse(CREDITS_ADVICE_EXAMPLE).success).toBe(true);
    });

    test('current settings that would have held are said to hold', () => {
        const generous = advise({ credits: { ...onCredits, autoRecharge: { enabled: true, thresholdMicro: 100 * EUR, amountMicro: 300 * EUR } } });
        expect(generous.currentReplay).toMatchObject({ reachedZeroOn: null });
        expect(generous.summary).toContain('The current settings (300.00 EUR below 100.00 EUR) would have kept it above zero too');
    });

    test('a weekday pattern is not irregular', () => {
        expect(advice.measures!.dailyVariation).toBeLessThan(advice.measures!.limits.dailyVariation);
        expect(advice.measures!.monthlyVariation).toBeLessThan(advice.measures!.limits.monthlyVariation);
    });
});

describe('irregular usage', () => {
    test('months of very different spend: pay-as-you-go, saying why', () => {
        const months = [
            month('2026-08', 31, () => 5 * EUR, 0),
            month('2026-09', 30, () => 40 * EUR, 0),
            month('2026-10', 31, () => 8 * EUR, 0),
        ];
        const advice = advise({ months });
        expect(advice.recommendation).toBe('pay-as-you-go');
        expect(advice.autoRecharge).toBeNull();
        expect(advice.summary).toMatch(/irregular \(the months' spend varies by a coefficient of 0\.\d+, above 0\.35\)/);
        expect(advice.monthsUsed.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    });

    test('one spike day among quiet ones: pay-as-you-go', () => {
        const spiky = month('2026-10', 31, (i) => (i === 14 ? 400 * EUR : 10 * EUR), 0);
        const advice = advise({ months: [spiky] });
        expect(advice.recommendation).toBe('pay-as-you-go');
        expect(advice.summary).toContain('the days\' spend varies');
        expect(advice.assumptions).toContain('Only 1 rated month(s) (2026-10): the advice is only as good as that month.');
    });
});

describe('nothing to advise on', () => {
    test('no rated month: says what is missing, as a result', () => {
        const advice = advise({ months: [] });
        expect(advice).toMatchObject({ recommendation: 'not-enough-usage', monthsUsed: [], autoRecharge: null });
        expect(advice.missing).toContain('No month from 2025-11 to 2026-10 has been rated');
        expect(advice.missing).toContain('then rate a month.');
    });

    test('no credits at all, or a zero balance without auto-recharge: not paying with credits', () => {
        expect(advise({ credits: null })).toMatchObject({ recommendation: 'not-on-credits', currency: null, summary: expect.stringContaining('Not paying with credits') });
        const drained = advise({ credits: { balanceMicro: 0, currency: 'EUR', autoRecharge: { enabled: false, thresholdMicro: 10 * EUR, amountMicro: 50 * EUR } } });
        expect(drained).toMatchObject({ recommendation: 'not-on-credits', current: { balance: '0.0000' } });
        // a zero balance that auto-recharge refills still pays
        expect(advise({ credits: { ...onCredits, balanceMicro: 0 } }).recommendation).toBe('auto-recharge');
    });

    test('months the pools covered whole: the credits paid nothing, a balance would sit unused', () => {
        const advice = advise({ months: [month('2026-10', 31, () => 0, 0)] });
        expect(advice).toMatchObject({ recommendation: 'pay-as-you-go', measures: null, monthsUsed: [{ month: '2026-10', spend: '0.0000', daysWithSpend: 0 }] });
        expect(advice.summary).toContain('The pools covered every call in 2026-10');
    });

    test('only the last three of more months count', () => {
        const advice = advise({ months: [month('2026-07', 31, () => 500 * EUR, 0), ...steady] });
        expect(advice.monthsUsed.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
        expect(advice.recommendation).toBe('auto-recharge');
    });
});
