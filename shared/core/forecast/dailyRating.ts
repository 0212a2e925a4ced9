// The month so far, rated by the monthly accrual's own core (CustomerMonth)
// and cut into UTC days: what each day drew from the pools and the credits,
// and what it asked for. The forecast needs the asking, not only the paying:
// a day whose calls the pool covered cost nothing, yet once the pool is dry
// the same calls will be billed. So every call is also priced by a second
// rating with no pools and no credits (the core's own rate lookup), which
// answers what it would cost uncovered. Pure: no I/O, no clock.
import { classifyCall } from '../rating/classify';
import { CALL_NOT_COUNTED, CALL_NOT_PRICED, CustomerMonth, MonthRating, type RatingProgress } from '../rating/rateMonth';
import type { AccrualResult, RatingInput, UsageCall } from '../rating/ratingModel';
import { DAY_MS } from '../rating/rateIndex';
import { monthBounds } from '../rating/month';
import type { DayDemand } from './demand';

/** One day's figures as the rating counted them (micro-units for money). */
export interface DayFigures {
    /** Day of the month, 1-based. */
    day: number;
    poolMinutes: number;
    billableMinutes: number;
    creditsUsedMicro: number;
    demand: DayDemand;
}

export interface RatedByDay {
    result: AccrualResult;
    /** Every day from the 1st to the last day with a call (0 where nothing). */
    days: DayFigures[];
    /** The start of the last call that counted; null when none did. */
    asOf: number | null;
    /** The rating's figures after the last call (the balance the rest of the month starts from). */
    end: RatingProgress;
}

/** Rates `calls` (Start Time order) of `input.month` as the accrual does, day by day. */
export async function rateByDay(input: RatingInput, calls: Iterable<UsageCall> | AsyncIterable<UsageCall>): Promise<RatedByDay> {
    const byDay = new DayCutter(input);
    if (Symbol.asyncIterator in calls) for await (const call of calls) byDay.add(call);
    else for (const call of calls) byDay.add(call);
    return byDay.finish();
}

class DayCutter {
    private readonly month: CustomerMonth;
    /** The same calls with no pools and no credits: each one's price had nothing covered it. */
    private readonly bare: MonthRating;
    private readonly monthStart: number;
    private readonly monthDays: number;
    private readonly pooled: ReadonlySet<string>;
    private readonly days: DayFigures[] = [];
    private before: RatingProgress;
    private asOf: number | null = null;

    constructor(private readonly input: RatingInput) {
        this.month = new CustomerMonth(input);
        this.bare = new MonthRating({ ...input, pools: [], credits: null });
        const { start, end } = monthBounds(input.month);
        this.monthStart = start;
        this.monthDays = Math.round((end - start) / DAY_MS);
        this.pooled = new Set(input.pools.filter((p) => p.minutes > 0).map((p) => `${p.country}/${p.plan}`));
        this.before = this.month.progress();
    }

    add(call: UsageCall): void {
        const day = Math.floor((call.start - this.monthStart) / DAY_MS) + 1;
        // the days before this call's are over before it is rated: their figures must not hold it
        if (day >= 1 && day <= this.monthDays) this.closeDaysBefore(day);
        const counted = this.month.add(call);
        const price = this.bare.add(call);
        if (counted === CALL_NOT_COUNTED) return;
        this.asOf = call.start;
        const cls = classifyCall(call, this.input.rules);
        if (cls.kind === 'free' || call.durationSeconds <= 0) return;
        const minutes = Math.ceil(call.durationSeconds / 60);
        const micro = price === CALL_NOT_PRICED || price < 0 ? 0 : price;
        const key = cls.pool ? `${cls.pool.country}/${cls.pool.plan}` : null;
        const demand = this.today(day).demand;
        if (key !== null && this.pooled.has(key)) {
            const p = (demand.pools[key] ??= { minutes: 0, micro: 0 });
            p.minutes += minutes;
            p.micro += micro;
        } else {
            demand.otherMinutes += minutes;
            demand.otherMicro += micro;
        }
    }

    finish(): RatedByDay {
        const result = this.month.finish();
        if (this.days.length) this.close(this.days[this.days.length - 1]);
        return { result, days: this.days, asOf: this.asOf, end: this.month.progress() };
    }

    /** Days before `day` are over: their figures are the rating's progress since the day before. */
    private closeDaysBefore(day: number): void {
        const last = this.days[this.days.length - 1];
        if (last && last.day < day) this.close(last);
        while (this.days.length < day) this.days.push(emptyDay(this.days.length + 1));
    }

    private today(day: number): DayFigures {
        return this.days[day - 1];
    }

    private close(d: DayFigures): void {
        const now = this.month.progress();
        d.poolMinutes = now.poolUsed - this.before.poolUsed;
        d.billableMinutes = now.billableMinutes - this.before.billableMinutes;
        d.creditsUsedMicro = now.creditsUsedMicro - this.before.creditsUsedMicro;
        this.before = now;
    }
}

function emptyDay(day: number): DayFigures {
    return { day, poolMinutes: 0, billableMinutes: 0, creditsUsedMicro: 0, demand: { pools: {}, otherMinutes: 0, otherMicro: 0 } };
}
