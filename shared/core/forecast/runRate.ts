// The month's daily run rate, weighted by weekday: an average workday
// (Monday to Friday) and an average weekend day of the days observed, each
// the mean of its own days, so a month observed on more workdays than its rest
// has is not projected as if every day were a workday. A day far above its
// kind's median (a spike) counts at most SPIKE_CAP times that median: one
// conference-call marathon must not be repeated on every remaining day.
// Previous months' rated totals, where kept, pull the level towards theirs:
// they weigh as HISTORY_WEIGHT_DAYS observed days, so they matter most early
// in the month. Pure: no I/O, no clock.
import { DAY_MS } from '../rating/rateIndex';
import { type DayDemand, demandMinutes, noDemand, scaled, weightedSum } from './demand';

/** A day more than this many times its kind's median counts as this many. */
export const SPIKE_CAP = 2.5;
/** How many observed days a previous months' level weighs. */
export const HISTORY_WEIGHT_DAYS = 8;

export type DayKind = 'workday' | 'weekend';

/** A previous month as rated (stored accrual): every billable-kind minute it asked for (pool used + billable). */
export interface PastMonth { month: string; minutes: number }

export interface RunRate {
    /** The expected demand of one day of each kind. */
    perDay: Record<DayKind, DayDemand>;
    /** The spread of the observed days around their kind's mean (coefficient of variation of their minutes). */
    spread: number;
    /** Observed days, and how many observed days the history weighed as (0: none used). */
    daysObserved: number;
    historyWeight: number;
    monthsUsed: string[];
    /** The weekend's level as a share of a workday's (1 when either was not observed). */
    weekendRatio: number;
}

/** The kind of day `day` (1-based) of `month` (YYYY-MM) is. */
export function dayKind(month: string, day: number): DayKind {
    const [y, m] = month.split('-').map(Number);
    const weekday = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
    return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
}

export function daysIn(month: string): number {
    const [y, m] = month.split('-').map(Number);
    return Math.round((Date.UTC(y, m, 1) - Date.UTC(y, m - 1, 1)) / DAY_MS);
}

/** The run rate of `month` from its observed days (1..days.length) and up to three previous months. */
export function runRate(month: string, days: readonly DayDemand[], history: readonly PastMonth[]): RunRate {
    const kinds: Record<DayKind, DayDemand[]> = { workday: [], weekend: [] };
    days.forEach((d, i) => kinds[dayKind(month, i + 1)].push(d));
    const mean = { workday: kindMean(kinds.workday), weekend: kindMean(kinds.weekend) };
    const level = { workday: demandMinutes(mean.workday), weekend: demandMinutes(mean.weekend) };
    const weekendRatio = kinds.workday.length && kinds.weekend.length && level.workday > 0 ? level.weekend / level.workday : 1;
    // a kind not observed yet is taken at the other kind's level
    if (!kinds.weekend.length) mean.weekend = mean.workday;
    if (!kinds.workday.length) mean.workday = mean.weekend;

    const perDay = { ...mean };
    let historyWeight = 0;
    const monthsUsed: string[] = [];
    const workdayLevel = demandMinutes(mean.workday);
    if (history.length && workdayLevel > 0) {
        // the past months' minutes per workday, with this month's weekend share
        let minutes = 0;
        let workdays = 0;
        for (const h of history) {
            minutes += h.minutes;
            workdays += workdayEquivalents(h.month, weekendRatio);
            monthsUsed.push(h.month);
        }
        const past = workdays > 0 ? minutes / workdays : workdayLevel;
        historyWeight = HISTORY_WEIGHT_DAYS;
        const blended = (days.length * workdayLevel + historyWeight * past) / (days.length + historyWeight);
        const factor = blended / workdayLevel;
        perDay.workday = scaled(mean.workday, factor);
        perDay.weekend = scaled(mean.weekend, factor);
    }
    return { perDay, spread: spreadOf(kinds, mean), daysObserved: days.length, historyWeight, monthsUsed, weekendRatio };
}

/** The mean day of one kind, each day capped at SPIKE_CAP × the kind's median minutes. */
function kindMean(days: readonly DayDemand[]): DayDemand {
    if (!days.length) return noDemand();
    const cap = SPIKE_CAP * median(days.map(demandMinutes));
    return weightedSum(days.map((demand) => {
        const m = demandMinutes(demand);
        return { demand, weight: (cap > 0 && m > cap ? cap / m : 1) / days.length };
    }));
}

/** The coefficient of variation of the observed days' minutes around their kind's (capped) mean. */
function spreadOf(kinds: Record<DayKind, DayDemand[]>, mean: Record<DayKind, DayDemand>): number {
    let squares = 0;
    let n = 0;
    for (const kind of ['workday', 'weekend'] as const) {
        const level = demandMinutes(mean[kind]);
        if (level <= 0) continue;
        for (const d of kinds[kind]) {
            const r = Math.min(demandMinutes(d), SPIKE_CAP * level) / level - 1;
            squares += r * r;
            n++;
        }
    }
    return n > 1 ? Math.sqrt(squares / (n - 1)) : 1;
}

function workdayEquivalents(month: string, weekendRatio: number): number {
    let n = 0;
    for (let day = 1; day <= daysIn(month); day++) n += dayKind(month, day) === 'weekend' ? weekendRatio : 1;
    return n;
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
