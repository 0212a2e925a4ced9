// Microsoft's own charge as a check on the rating: each call that carries
// Microsoft's charge (Graph's charge + connectionCharge, the report's Charge +
// Connection Fee) beside what the app rated it at (credits and overage
// together: what the call cost before who pays). Sums per currency, the calls
// that differ by more than 0.0001 (the first 100 kept, in Start Time order),
// and how many calls had no charge to compare. A difference is reported, never
// corrected: the rating stays the app's own. Fed by MonthRating; constant
// memory whatever the month's size.
import { z } from 'zod';
import { formatMicro4, formatMicroTrim } from './money';
import type { UsageCall } from './ratingModel';
import { compareText } from '../domain/primitives';

/** More than this (0.0001, in micro-units) apart is a difference. */
export const CHARGE_TOLERANCE_MICRO = 100;
/** Differences kept with the month (all are counted). */
export const MAX_LISTED_DIFFERENCES = 100;

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

export const ChargeDifference = z.object({
    usageId: z.string(),
    start: z.iso.datetime(),
    /** ISO alpha-2 of the destination dialled; null when the row has none. */
    destination: z.string().nullable(),
    /** The app's rating of the call, in the call's currency. */
    currency: z.string(),
    app: Decimal,
    /** Microsoft's charge + connection charge, in Microsoft's currency. */
    microsoftCurrency: z.string(),
    microsoft: Decimal,
});
export type ChargeDifference = z.infer<typeof ChargeDifference>;

export const MicrosoftChargeCheck = z.object({
    /** Calls rated that carry Microsoft's charge, compared one by one. */
    compared: z.number().int(),
    /** Calls rated that carry no charge of Microsoft's (an upload without the Charge column, a row that left it blank). */
    withoutCharge: z.number().int(),
    /** Calls with Microsoft's charge that the app could not price (no rate: see missingRates): not compared. */
    notPriced: z.number().int(),
    /** Per currency, over the compared calls (counted in Microsoft's currency): Microsoft's sum beside the app's. */
    totals: z.array(z.object({ currency: z.string(), calls: z.number().int(), microsoft: Decimal, app: Decimal })),
    /** Compared calls more than 0.0001 apart (or in different currencies). */
    differing: z.number().int(),
    /** The first 100 of them, in Start Time order. */
    differences: z.array(ChargeDifference),
});
export type MicrosoftChargeCheck = z.infer<typeof MicrosoftChargeCheck>;

interface Sum { calls: number; microsoft: number; app: number }
interface Kept { usageId: string; start: number; destination: string | null; currency: string; app: number; microsoftCurrency: string; microsoft: number }

export class ChargeCheck {
    private compared = 0;
    private withoutCharge = 0;
    private notPriced = 0;
    private differing = 0;
    private readonly sums = new Map<string, Sum>();
    private readonly kept: Kept[] = [];
    private lastCurrency: string | undefined;
    private lastSum: Sum | undefined;

    /** A call the rating counted: `amount` is its price in micro-units of its currency, or undefined when it had no rate. */
    note(call: UsageCall, amount: number | undefined): void {
        const charge = call.microsoftCharge;
        if (charge === undefined) {
            this.withoutCharge++;
            return;
        }
        if (amount === undefined) {
            this.notPriced++;
            return;
        }
        this.compared++;
        const microsoft = charge + (call.microsoftConnectionCharge ?? 0);
        const microsoftCurrency = call.microsoftCurrency ?? call.currency;
        const sameCurrency = microsoftCurrency === call.currency;
        const theirs = this.sum(microsoftCurrency);
        theirs.calls++;
        theirs.microsoft += microsoft;
        (sameCurrency ? theirs : this.sum(call.currency)).app += amount;
        const gap = amount - microsoft;
        if (sameCurrency && gap <= CHARGE_TOLERANCE_MICRO && gap >= -CHARGE_TOLERANCE_MICRO) return;
        this.differing++;
        if (this.kept.length < MAX_LISTED_DIFFERENCES) {
            this.kept.push({ usageId: call.usageId, start: call.start, destination: call.destination, currency: call.currency, app: amount, microsoftCurrency, microsoft });
        }
    }

    finish(): MicrosoftChargeCheck {
        return {
            compared: this.compared,
            withoutCharge: this.withoutCharge,
            notPriced: this.notPriced,
            totals: [...this.sums].sort((a, b) => compareText(a[0], b[0]))
                .map(([currency, s]) => ({ currency, calls: s.calls, microsoft: formatMicro4(s.microsoft), app: formatMicro4(s.app) })),
            differing: this.differing,
            differences: this.kept.map((k) => ({
                usageId: k.usageId, start: new Date(k.start).toISOString(), destination: k.destination,
                currency: k.currency, app: formatMicroTrim(k.app), microsoftCurrency: k.microsoftCurrency, microsoft: formatMicroTrim(k.microsoft),
            })),
        };
    }

    /** The sums of a currency; the last one asked for is at hand (a month's calls are nearly all in one). */
    private sum(currency: string): Sum {
        if (currency === this.lastCurrency) return this.lastSum!;
        let s = this.sums.get(currency);
        if (s === undefined) this.sums.set(currency, s = { calls: 0, microsoft: 0, app: 0 });
        this.lastCurrency = currency;
        this.lastSum = s;
        return s;
    }
}

/** The month's warning about the check, if any call differs. */
export function chargeWarning(check: MicrosoftChargeCheck): string | undefined {
    if (check.differing === 0) return undefined;
    const sums = check.totals.map((t) => `Microsoft ${t.microsoft} ${t.currency}, the app ${t.app} ${t.currency}`).join('; ');
    return `${check.differing} call(s) were rated more than 0.0001 away from Microsoft's own charge (${sums}): the lines bill the app's rating; see microsoftCharge for the calls`;
}
