// The forecast to the month's end (docs/domain.md "Month to date and
// forecast"): the weekday-weighted run rate (runRate.ts) projected over the
// days not observed yet through pools, credits and overage (projection.ts),
// added to what the month rated so far. The range is the same projection with
// the run rate moved down and up by the uncertainty the observed days show:
// their spread around their kind's mean, over the days left (day-to-day
// noise) and over the days seen (how well the mean is known). Pure: no I/O,
// no clock.
import { formatMicro4 } from '../rating/money';
import type { AccrualResult } from '../rating/ratingModel';
import { type DayDemand, demandMinutes } from './demand';
import type { Forecast } from './monthToDate';
import { type ProjectionStart, type Projected, project } from './projection';
import { type PastMonth, type RunRate, SPIKE_CAP, dayKind, daysIn, runRate } from './runRate';

/** How many standard deviations the range spans either side (90% were the days' noise normal and independent; bench:forecast measures it). */
export const RANGE_Z = 1.645;
/** The range never claims more than this certainty either side. */
const MIN_RANGE = 0.02;
/** A month's level wanders besides its days' noise (a trend, a spike not seen yet): this much, relative, either side. */
export const LEVEL_DRIFT = 0.1;

export interface ObservedDay {
    poolMinutes: number;
    creditsUsedMicro: number;
    demand: DayDemand;
}

export interface ForecastInput {
    /** YYYY-MM. */
    month: string;
    /** Days 1..n of the month, observed: the run rate is read on them, the projection starts the day after. */
    days: readonly ObservedDay[];
    pools: AccrualResult['poolMinutes'];
    credits: { openingMicro: number; balanceMicro: number; autoRecharge: { thresholdMicro: number; amountMicro: number } | null } | null;
    overageOn: boolean;
    /** The month's figures so far (overage: the part the forecast's reader sees). */
    actual: { billableMinutes: number; creditsUsedMicro: number; overageMicro: number };
    /** Up to three previous months as rated. */
    history: readonly PastMonth[];
}

export function forecastMonth(input: ForecastInput): Forecast {
    const last = daysIn(input.month);
    const rate = runRate(input.month, input.days.map((d) => d.demand), input.history);
    const ahead: Array<{ day: number; demand: DayDemand }> = [];
    for (let day = input.days.length + 1; day <= last; day++) ahead.push({ day, demand: rate.perDay[dayKind(input.month, day)] });
    const start = startOf(input);
    const width = rangeWidth(rate, ahead.length);
    const at = (factor: number): Projected => project(start, ahead.map(({ day, demand }) => ({ day, demand: scaleDemand(demand, factor) })));
    const [low, expected, high] = [at(1 - width), at(1), at(1 + width)];
    const { actual } = input;
    const minutes = (p: Projected) => actual.billableMinutes + Math.round(p.billableMinutes);
    const money = (so: number, p: number) => formatMicro4(Math.round(so + p));
    return {
        to: dateOf(input.month, last),
        billableMinutes: { expected: minutes(expected), low: minutes(low), high: minutes(high) },
        overageAmount: { expected: money(actual.overageMicro, expected.overageMicro), low: money(actual.overageMicro, low.overageMicro), high: money(actual.overageMicro, high.overageMicro) },
        creditsUsed: { expected: money(actual.creditsUsedMicro, expected.creditsUsedMicro), low: money(actual.creditsUsedMicro, low.creditsUsedMicro), high: money(actual.creditsUsedMicro, high.creditsUsedMicro) },
        poolRunsOutOn: dayOrNull(input.month, poolDryOn(input) ?? expected.poolRunsOutOn),
        creditsRunOutOn: dayOrNull(input.month, creditsDryOn(input) ?? expected.creditsRunOutOn),
        basis: { daysObserved: input.days.length, monthsUsed: rate.monthsUsed, method: methodText(rate, width, ahead.length) },
    };
}

function startOf(input: ForecastInput): ProjectionStart {
    const poolsLeft: Record<string, number> = {};
    for (const [key, p] of Object.entries(input.pools)) poolsLeft[key] = Math.max(0, p.included - p.used);
    const c = input.credits;
    return { poolsLeft, credits: c && { balanceMicro: c.balanceMicro, autoRecharge: c.autoRecharge }, overageOn: input.overageOn };
}

/** The relative half-width of the range: z × √(spread² × (1/days left + 1/days the mean rests on) + drift²). */
function rangeWidth(rate: RunRate, daysLeft: number): number {
    if (daysLeft === 0) return 0;
    const known = Math.max(1, rate.daysObserved + rate.historyWeight);
    const variance = rate.spread ** 2 * (1 / daysLeft + 1 / known) + LEVEL_DRIFT ** 2;
    return Math.min(0.95, Math.max(MIN_RANGE, RANGE_Z * Math.sqrt(variance)));
}

function scaleDemand(d: DayDemand, factor: number): DayDemand {
    const pools: DayDemand['pools'] = {};
    for (const [key, p] of Object.entries(d.pools)) pools[key] = { minutes: p.minutes * factor, micro: p.micro * factor };
    return { pools, otherMinutes: d.otherMinutes * factor, otherMicro: d.otherMicro * factor };
}

/** The observed day the pools the calls drew on were used up, if they were. */
function poolDryOn(input: ForecastInput): number | null {
    const drawn = new Set(input.days.flatMap((d) => Object.keys(d.demand.pools)));
    const pools = Object.entries(input.pools).filter(([key]) => drawn.has(key));
    if (!pools.length || pools.some(([, p]) => p.used < p.included)) return null;
    const included = pools.reduce((n, [, p]) => n + p.included, 0);
    let used = 0;
    for (let i = 0; i < input.days.length; i++) if ((used += input.days[i].poolMinutes) >= included) return i + 1;
    return input.days.length || null;
}

/** The observed day the credits (without auto-recharge) reached zero, if they did. */
function creditsDryOn(input: ForecastInput): number | null {
    const c = input.credits;
    if (!c || c.autoRecharge || c.openingMicro <= 0 || c.balanceMicro > 0) return null;
    let used = 0;
    for (let i = 0; i < input.days.length; i++) if ((used += input.days[i].creditsUsedMicro) >= c.openingMicro) return i + 1;
    return null;
}

function dateOf(month: string, day: number): string {
    return `${month}-${String(day).padStart(2, '0')}`;
}

function dayOrNull(month: string, day: number | null): string | null {
    return day === null ? null : dateOf(month, day);
}

function methodText(rate: RunRate, width: number, daysLeft: number): string {
    if (daysLeft === 0) return 'The month is observed to its last day: the forecast is the month so far.';
    if (demandMinutes(rate.perDay.workday) + demandMinutes(rate.perDay.weekend) === 0) {
        return `No billable call in the ${rate.daysObserved} day(s) observed: nothing is projected (a previous month's level needs this month's calls to say what they are).`;
    }
    const history = rate.monthsUsed.length
        ? ` The level is blended with ${rate.monthsUsed.join(', ')} as rated (minutes per workday, weighing as ${rate.historyWeight} observed days).`
        : ' No previous month rated: this month\'s days alone.';
    return `Each of the ${daysLeft} days left is an average workday or weekend day of the ${rate.daysObserved} observed (a day above ${SPIKE_CAP}× its kind's median counts as that; weekend at ${(rate.weekendRatio * 100).toFixed(0)}% of a workday).${history}`
        + ' Pools drain first, then credits pay (auto-recharge as the rating buys it), then overage.'
        + ` Low and high: that rate ±${(width * 100).toFixed(0)}% (${RANGE_Z} × the observed days' spread of ${(rate.spread * 100).toFixed(0)}% × √(1/days left + 1/days known)).`;
}
