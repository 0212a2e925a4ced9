// What a customer's rated months show about its spend (credits advice): the
// largest day, the busiest week, and how much the days and the months vary.
// Pure; money in integer micro-units of the credits' currency.

/** The busiest run of days a recharge should pay for, so it is bought about once a week at most at the busiest rate seen. */
export const RECHARGE_COVERS_DAYS = 7;

/** One rated month: what its calls cost beyond the pools on each UTC day (index 0 = the 1st). */
export interface SpendMonth {
    month: string;
    daySpendMicro: readonly number[];
}

export interface DayAmount {
    date: string;
    micro: number;
}

export interface Measured {
    largestDay: DayAmount;
    /** The busiest RECHARGE_COVERS_DAYS days in a row within one month, dated by their first day. */
    busiestWeek: DayAmount;
    meanDayWithSpend: number;
    /** Coefficient of variation of the days that had any spend. */
    dailyVariation: number;
    /** Coefficient of variation of the months' totals; null with one month. */
    monthlyVariation: number | null;
}

/** What the months show; undefined when no day had any spend. */
export function measure(months: readonly SpendMonth[]): Measured | undefined {
    const spent = months.flatMap((m) => m.daySpendMicro.filter((d) => d > 0));
    if (!spent.length) return undefined;
    return {
        largestDay: largestDay(months),
        busiestWeek: busiestWeek(months),
        meanDayWithSpend: mean(spent),
        dailyVariation: variation(spent),
        monthlyVariation: months.length > 1 ? variation(months.map((m) => sum(m.daySpendMicro))) : null,
    };
}

/** The day that cost most (the first of equals). */
export function largestDay(months: readonly SpendMonth[]): DayAmount {
    let best = { date: dateOf(months[0].month, 0), micro: 0 };
    for (const m of months) m.daySpendMicro.forEach((d, i) => { if (d > best.micro) best = { date: dateOf(m.month, i), micro: d }; });
    return best;
}

/** The largest sum of RECHARGE_COVERS_DAYS consecutive days within one month. */
function busiestWeek(months: readonly SpendMonth[]): DayAmount {
    let best = { date: dateOf(months[0].month, 0), micro: 0 };
    for (const m of months) {
        const days = m.daySpendMicro;
        const span = Math.min(RECHARGE_COVERS_DAYS, days.length);
        for (let i = 0; i + span <= days.length; i++) {
            const s = sum(days.slice(i, i + span));
            if (s > best.micro) best = { date: dateOf(m.month, i), micro: s };
        }
    }
    return best;
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => sum(xs) / xs.length;
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Coefficient of variation (population standard deviation ÷ mean); 0 for a zero mean. */
function variation(xs: readonly number[]): number {
    const mu = mean(xs);
    if (mu === 0) return 0;
    return Math.sqrt(mean(xs.map((x) => (x - mu) ** 2))) / mu;
}

/** `YYYY-MM-DD` of a month's day (index 0 = the 1st). */
export function dateOf(month: string, dayIndex: number): string {
    return `${month}-${String(dayIndex + 1).padStart(2, '0')}`;
}
