// Microsoft's own charge as a check on the rating: each call that carries
// Microsoft's charge (Graph's `charge`, the report's Charge: the whole amount,
// its connection fee included, in the call's currency) beside what the app rated it at
// (credits and overage together: what the call cost before who pays). Sums
// per currency, the calls that differ by more than 0.0001 (the first 100 kept,
// in Start Time order), and how many calls had no charge to compare. A
// difference is reported, never corrected: the rating stays the app's own.
// Fed by MonthRating; constant memory whatever the month's size.
import { chargeMicro, formatMicro4, formatMicroTrim } from './money';
import type { MicrosoftCharges, UsageCall } from './ratingModel';
import { compareText } from '../domain/primitives';
import type { MicrosoftChargeCheck } from './chargeCheckModel';

/** More than this (0.0001, in micro-units) apart is a difference. */
export const CHARGE_TOLERANCE_MICRO = 100;
/** Differences kept with the month (all are counted). */
export const MAX_LISTED_DIFFERENCES = 100;

interface Sum { calls: number; microsoft: number; app: number }
interface Kept { usageId: string; start: number; destination: string | null; currency: string; app: number; microsoft: number }

export class ChargeCheck {
    private compared = 0;
    private withoutCharge = 0;
    private notPriced = 0;
    private differing = 0;
    private readonly sums = new Map<string, Sum>();
    private readonly kept: Kept[] = [];
    private lastCurrency: string | undefined;
    private lastSum: Sum | undefined;
    private readonly iso = new IsoInstants();

    /** A call the rating counted: `amount` is its price in micro-units of its currency, or undefined when it had no rate. */
    note(call: UsageCall, amount: number | undefined): void {
        const microsoft = call.charges === undefined ? undefined : microsoftMicro(call.charges);
        if (microsoft === undefined) {
            this.withoutCharge++;
            return;
        }
        if (amount === undefined) {
            this.notPriced++;
            return;
        }
        this.compared++;
        const sum = this.sum(call.currency);
        sum.calls++;
        sum.microsoft += microsoft;
        sum.app += amount;
        const gap = amount - microsoft;
        if (gap <= CHARGE_TOLERANCE_MICRO && gap >= -CHARGE_TOLERANCE_MICRO) return;
        this.differing++;
        if (this.kept.length < MAX_LISTED_DIFFERENCES) {
            this.kept.push({ usageId: call.usageId, start: call.start, destination: call.destination, currency: call.currency, app: amount, microsoft });
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
                usageId: k.usageId, start: this.iso.of(k.start), destination: k.destination,
                currency: k.currency, app: formatMicroTrim(k.app), microsoft: formatMicroTrim(k.microsoft),
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

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Instants written as Date.toISOString writes them (years 0 to 9999), the day
 * kept from the instant before: a month's differences are many on few days,
 * and toISOString costs more than the rest of a difference.
 */
export class IsoInstants {
    private day = NaN;
    private prefix = '';

    of(ms: number): string {
        const day = Math.floor(ms / DAY_MS);
        if (day !== this.day) {
            this.day = day;
            this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
        }
        let rest = ms - day * DAY_MS;
        const milli = rest % 1000;
        rest = (rest - milli) / 1000;
        const second = rest % 60;
        rest = (rest - second) / 60;
        const minute = rest % 60;
        return `${this.prefix}${pad2((rest - minute) / 60)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
    }
}

/**
 * Microsoft's amount for the call in micro-units: `charge`, the whole amount charged to the account, of which
 * `connectionCharge` is the fee part (Graph: "amount of money or cost of the call that is charged to your
 * account"); undefined when Microsoft gave no charge (or nothing readable).
 */
function microsoftMicro(charges: MicrosoftCharges): number | undefined {
    // stored charges passed isChargeText at import (or are numbers Graph sent): read without the pattern, once per call
    return charges.charge === null ? undefined : chargeMicro(charges.charge);
}

/** The month's warning about the check, if any call differs. */
export function chargeWarning(check: MicrosoftChargeCheck): string | undefined {
    if (check.differing === 0) return undefined;
    const sums = check.totals.map((t) => `Microsoft ${t.microsoft} ${t.currency}, the app ${t.app} ${t.currency}`).join('; ');
    return `${check.differing} call(s) were rated more than 0.0001 away from Microsoft's own charge (${sums}): the lines bill the app's rating; see microsoftCharge for the calls`;
}
