// Forecast bench: how far the month-to-date forecast (shared/core/forecast/)
// lands from the month's final rating, on 1,000 generated customer-months
// (bench/forecastMonths.ts, seeded: weekday patterns, spikes, pools and
// credits of varied sizes, half with three previous months).
//
// Each month is rated whole by the app's core (rateMonthSync) as the truth.
// The forecast is made as GET .../accruals/current makes it, on the calls
// before day 11 (then day 21) only: rateByDay, monthToDateOf with the previous
// months' rated totals. Nothing of the month's end reaches it.
//
// The error is read on the month's billable amount, credits used + overage
// (what the customer pays beyond its pools; never zero here, as every
// generated month has calls no pool covers): mape_dayN is the mean of
// |forecast expected − final| / final, within_range_dayN the share of months
// whose final amount lies in the forecast's low..high.
//
// Options (or env): --months N (BENCH_MONTHS, 1000), --seed N (BENCH_SEED, 22).
// The last stdout line is one JSON object with the figures.
import { performance } from 'node:perf_hooks';
import { rateByDay } from '../shared/core/forecast/dailyRating';
import { monthToDateOf } from '../shared/core/forecast/monthToDateOf';
import type { MonthToDate } from '../shared/core/forecast/monthToDate';
import { rateMonthSync } from '../shared/core/rating/rateMonth';
import { toMicro } from '../shared/core/rating/money';
import type { AccrualResult } from '../shared/core/rating/ratingModel';
import { monthBounds } from '../shared/core/rating/month';
import { DAY_MS } from '../shared/core/rating/rateIndex';
import { type GeneratedMonth, generateMonths } from './forecastMonths';

const arg = (name: string, env: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return Number(i >= 0 ? process.argv[i + 1] : process.env[env] ?? fallback);
};

const billable = (r: Pick<AccrualResult, 'creditsUsed' | 'overageAmount'>): number => (toMicro(r.creditsUsed, 'credits') + toMicro(r.overageAmount, 'overage')) / 1e6;
const rangeOf = (f: MonthToDate['forecast']) => ({
    expected: (toMicro(f.creditsUsed.expected, 'c') + toMicro(f.overageAmount.expected, 'o')) / 1e6,
    low: (toMicro(f.creditsUsed.low, 'c') + toMicro(f.overageAmount.low, 'o')) / 1e6,
    high: (toMicro(f.creditsUsed.high, 'c') + toMicro(f.overageAmount.high, 'o')) / 1e6,
});

async function forecastOn(m: GeneratedMonth, throughDay: number): Promise<MonthToDate['forecast']> {
    const cut = monthBounds(m.input.month).start + throughDay * DAY_MS;
    const rated = await rateByDay(m.input, m.calls.filter((c) => c.start < cut));
    const history = m.previous.map(({ input, calls }) => {
        const r = rateMonthSync(input, calls);
        return { month: input.month, minutes: Object.values(r.poolMinutes).reduce((n, p) => n + p.used, 0) + r.billableMinutes };
    });
    return monthToDateOf(m.input, rated, { throughDay, history }).forecast;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

async function main(): Promise<void> {
    const months = arg('months', 'BENCH_MONTHS', 1000);
    const seed = arg('seed', 'BENCH_SEED', 22);
    const t0 = performance.now();
    const generated = generateMonths(months, seed);
    const errors: Record<number, number[]> = { 10: [], 20: [] };
    const inside: Record<number, number> = { 10: 0, 20: 0 };
    const byPattern = new Map<string, number[]>();
    let zero = 0;
    for (const m of generated) {
        const truth = billable(rateMonthSync(m.input, m.calls));
        if (truth === 0) { zero++; continue; }
        for (const day of [10, 20]) {
            const f = rangeOf(await forecastOn(m, day));
            const e = Math.abs(f.expected - truth) / truth;
            errors[day].push(e);
            if (truth >= f.low - 1e-4 && truth <= f.high + 1e-4) inside[day]++;
            const group = `day ${day}, ${m.pattern}${m.previous.length ? ', with history' : ''}`;
            byPattern.set(group, [...(byPattern.get(group) ?? []), e]);
            if (process.env.BENCH_DEBUG && e > 0.3) console.log(JSON.stringify({ id: m.id, day, e: round(e), truth, f, pool: m.input.pools[0]?.minutes ?? 0, credits: m.input.credits }));
        }
    }
    for (const [group, es] of [...byPattern].sort()) console.log(`${group}: mape ${(mean(es) * 100).toFixed(1)}% over ${es.length} months`);
    const n = errors[10].length;
    console.log(JSON.stringify({
        bench: 'forecast', months, seed, rated: n, zero_billable: zero,
        mape_day10: round(mean(errors[10])), mape_day20: round(mean(errors[20])),
        within_range_day10: round(inside[10] / n), within_range_day20: round(inside[20] / n),
        seconds: round((performance.now() - t0) / 1000),
    }));
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
