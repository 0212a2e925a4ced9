// What a partner asks to be told about one customer's month (issue 22): the
// thresholds of `PUT /api/customers/{id}/alerts`, each optional (left out: not
// watched), and whether the customer's admin is mailed too. Amounts are in the
// currency the customer's month is rated in, as decimals like the rating's.
import { z } from 'zod';

const Amount = z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, 'must be a decimal amount with at most 4 decimals, as a string, e.g. "400" or "12.50"');

export const AlertThresholds = z.strictObject({
    /** The month's expected overage (the forecast's `expected`) is above this amount. */
    forecastOverageAbove: Amount.optional(),
    /** The pools' used minutes are above this share of their included minutes (all pools together). */
    poolUsedAbovePercent: z.number().gt(0, 'must be above 0').max(100, 'must be 100 or less').optional(),
    /** The forecast expects the Communications Credits balance to reach zero before the month ends. */
    creditsRunOutBeforeMonthEnd: z.boolean().optional(),
    /** One UTC day's overage is above this amount. */
    dayOverageAbove: Amount.optional(),
    /** Mail the customer's admin (its Partner Center company profile email) too, not only the partner's contact. */
    mailCustomerAdmin: z.boolean(),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;

/** The thresholds, by the name an alert and a webhook carry. */
export const THRESHOLD_KINDS = ['forecast-overage', 'pool-used', 'credits-run-out', 'day-overage'] as const;
export const ThresholdKind = z.enum(THRESHOLD_KINDS);
export type ThresholdKind = z.infer<typeof ThresholdKind>;

/** What was seen when a threshold was crossed: the figure, the limit it passed, and the month's currency. */
export const AlertFigures = z.strictObject({
    /** The figure that crossed: an amount, a percentage, or the day credits run out. */
    value: z.string(),
    /** The threshold it crossed (the amount or percentage set; `month-end` for credits). */
    limit: z.string(),
    currency: z.string(),
    /** The day (`YYYY-MM-DD`) the figure is about, where there is one: the day's overage, credits' last day. */
    day: z.string().nullable(),
    /** The forecast's range of the month's overage when the alert fired. */
    forecastOverage: z.strictObject({ expected: z.string(), low: z.string(), high: z.string() }),
    /** The month to date's last call included (null: no call yet). */
    asOf: z.string().nullable(),
});
export type AlertFigures = z.infer<typeof AlertFigures>;

export interface Crossing {
    threshold: ThresholdKind;
    figures: AlertFigures;
}
