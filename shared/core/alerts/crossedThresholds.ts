// Which of a partner's thresholds a customer's month to date crosses, with the
// figures that crossed them. Pure: the caller reads the month to date and
// records what fires (once per customer, month and threshold).
import type { MonthToDate } from '../forecast/monthToDate';
import { toMicro } from '../rating/money';
import type { AlertThresholds, Crossing } from './alertThresholds';

export function crossedThresholds(t: AlertThresholds, mtd: MonthToDate): Crossing[] {
    const base = { currency: mtd.currency, forecastOverage: { ...mtd.forecast.overageAmount }, asOf: mtd.asOf };
    const crossings: Crossing[] = [];
    const expected = mtd.forecast.overageAmount.expected;
    if (t.forecastOverageAbove !== undefined && micro(expected) > micro(t.forecastOverageAbove)) {
        crossings.push({ threshold: 'forecast-overage', figures: { ...base, value: expected, limit: t.forecastOverageAbove, day: null } });
    }
    const used = poolShare(mtd.poolMinutes);
    if (t.poolUsedAbovePercent !== undefined && used !== undefined && used.percent > t.poolUsedAbovePercent) {
        crossings.push({ threshold: 'pool-used', figures: { ...base, value: used.text, limit: String(t.poolUsedAbovePercent), day: null } });
    }
    const runOut = mtd.forecast.creditsRunOutOn;
    // creditsRunOutOn is null when credits last the month (or there are none): only a day within the month fires
    if (t.creditsRunOutBeforeMonthEnd && runOut !== null && runOut < mtd.forecast.to) {
        crossings.push({ threshold: 'credits-run-out', figures: { ...base, value: runOut, limit: 'month-end', day: runOut } });
    }
    const day = t.dayOverageAbove === undefined ? undefined : largestDay(mtd.days);
    if (t.dayOverageAbove !== undefined && day && micro(day.overageAmount) > micro(t.dayOverageAbove)) {
        crossings.push({ threshold: 'day-overage', figures: { ...base, value: day.overageAmount, limit: t.dayOverageAbove, day: day.date } });
    }
    return crossings;
}

/** Every pool's used minutes over their included minutes, as a percentage with one decimal; undefined without a pool. */
export function poolShare(pools: MonthToDate['poolMinutes']): { percent: number; text: string } | undefined {
    let included = 0;
    let used = 0;
    for (const p of Object.values(pools)) {
        included += p.included;
        used += p.used;
    }
    if (included === 0) return undefined;
    const tenths = Math.floor((used * 1000) / included); // rounded down: 79.99% is not yet 80%
    return { percent: (used * 100) / included, text: `${Math.floor(tenths / 10)}.${tenths % 10}` };
}

/** The day with the most overage (the earliest of equals), or undefined when no day has any. */
function largestDay(days: MonthToDate['days']): MonthToDate['days'][number] | undefined {
    let best: MonthToDate['days'][number] | undefined;
    for (const d of days) if (micro(d.overageAmount) > (best ? micro(best.overageAmount) : 0)) best = d;
    return best;
}

function micro(amount: string): number {
    // month-to-date amounts are never negative; a credit note would be, and must not fire anything
    return amount.startsWith('-') ? -1 : toMicro(amount, 'alert amount');
}
