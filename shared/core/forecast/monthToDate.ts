// The month so far and where it is heading (issue 22): what
// `GET /api/customers/{id}/accruals/current` answers, what the alerts are
// evaluated on, and what the console's month-to-date card draws. The rated
// part is the monthly accrual's own figures (rateMonth.ts) for the calls
// stored up to `asOf`; nothing of it is written to the month's accrual.
import { z } from 'zod';
import { AccrualResult } from '../rating/ratingModel';

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A forecast figure with its range: `low` ≤ `expected` ≤ `high`. */
export const Range = z.object({ expected: Decimal, low: Decimal, high: Decimal });
export type Range = z.infer<typeof Range>;
export const MinutesRange = z.object({ expected: z.number().int(), low: z.number().int(), high: z.number().int() });
export type MinutesRange = z.infer<typeof MinutesRange>;

/** One UTC day of the month so far, as rated (the chart's actual line, the single-day alert). */
export const RatedDay = z.object({
    date: Day,
    /** Minutes the pools covered that day. */
    poolMinutes: z.number().int(),
    billableMinutes: z.number().int(),
    creditsUsed: Decimal,
    overageAmount: Decimal,
});
export type RatedDay = z.infer<typeof RatedDay>;

export const Forecast = z.object({
    /** To the month's last day, inclusive. */
    to: Day,
    billableMinutes: MinutesRange,
    overageAmount: Range,
    creditsUsed: Range,
    /** The day the pools (all together) are expected to be used up; null: not this month. */
    poolRunsOutOn: Day.nullable(),
    /** The day the credits balance is expected to reach zero; null: not this month (or no credits). */
    creditsRunOutOn: Day.nullable(),
    /** How it was made, in words, with what it used (days of this month, previous months rated). */
    basis: z.object({ daysObserved: z.number().int(), monthsUsed: z.array(z.string()), method: z.string() }),
});
export type Forecast = z.infer<typeof Forecast>;

export const MonthToDate = AccrualResult.omit({ lines: true }).extend({
    status: z.literal('month-to-date'),
    /** The start of the last call included; null when the month has no call yet. */
    asOf: z.string().nullable(),
    days: z.array(RatedDay),
    forecast: Forecast,
});
export type MonthToDate = z.infer<typeof MonthToDate>;
