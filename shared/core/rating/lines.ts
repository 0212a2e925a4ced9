// Reconciliation lines: what overage bills, summed per (customer, Azure
// subscription, meter, UTC day), one line for the minutes and one for the
// connection fees. The rating adds into buckets keyed by a number (no string
// per call); the lines are written once, at the end, sorted and with ids that
// depend only on what they bill, so a month rated again gives the same lines.
//
// Every line multiplies out (DOMAIN.md accrual rule 5): Quantity × UnitPrice,
// rounded half-up to 4 decimals, is its BillingPreTaxTotal. A line that bills
// whole minutes or whole fees has that count as its Quantity, exactly. A line
// that credits paid part of (the call where the balance ran out) bills a share
// of a fee or of a call's minutes, so its Quantity is fractional: its rounded
// total ÷ UnitPrice (quantityFor), never a count of what credits paid part of.
import { createHash } from 'node:crypto';
import type { ReconciliationLine } from './ratingModel';
import { formatMicro4, assertSafe, quantityFor, roundMicro4, toMicro } from './money';
import { DAY_MS, type IndexedRate } from './rateIndex';
import { compareText } from '../domain/primitives';

/** Who overage bills: one per distinct (Azure subscription, partner, reseller) among the settings in force. */
export interface BillingTarget {
    readonly index: number;
    readonly subscriptionId: string;
    readonly partnerId: string;
    readonly resellerId: string;
}

/** What one (target, rate, day) has billed so far, in exact micro-units. */
export class LineBucket {
    /** Minutes overage paid in full. */
    minutes = 0;
    minutesAmountMicro = 0;
    /** Credits paid part of a call's minutes here: the minutes line's Quantity comes from its total. */
    minutesShared = false;
    /** Connection fees overage paid in full. */
    fees = 0;
    feesAmountMicro = 0;
    /** Credits paid part of a connection fee here: the fee line's Quantity comes from its total. */
    feeShared = false;
    constructor(readonly target: BillingTarget, readonly rate: IndexedRate, readonly dayOfMonth: number) {}

    /**
     * Adds overage's share of one call of `minutes` (more than 0) at this
     * bucket's rate, of which credits paid `paid` micro-units (less than its
     * price): credits pay the connection fee first, then the minutes.
     */
    addCall(minutes: number, paid: number): void {
        const fee = this.rate.connectionFeeMicro;
        const feePaid = paid < fee ? paid : fee;
        const minutesPaid = paid - feePaid;
        this.minutesAmountMicro += minutes * this.rate.perMinuteMicro - minutesPaid;
        if (minutesPaid > 0) this.minutesShared = true;
        else this.minutes += minutes;
        if (fee > feePaid) {
            this.feesAmountMicro += fee - feePaid;
            if (feePaid > 0) this.feeShared = true;
            else this.fees++;
        }
    }
}

/** The bucket key: dense integers, so the Map hashes a small number, not a string. */
export function bucketKey(targetIndex: number, rateId: number, rateCount: number, dayOfMonth: number): number {
    return (targetIndex * rateCount + rateId) * 31 + dayOfMonth;
}

export interface LineContext {
    customerTenantId: string;
    customerName: string;
    /** Epoch ms of the month's first instant (UTC). */
    monthStart: number;
    chargeStartDate: string;
    chargeEndDate: string;
}

type Kind = 'minutes' | 'connection';
const KIND_ORDER: Record<Kind, number> = { minutes: 0, connection: 1 };

/** The deterministic id of a line: sha256 of what identifies it. */
export function lineId(customerTenantId: string, t: BillingTarget, currency: string, meterId: string, day: string, kind: Kind): string {
    return createHash('sha256')
        .update(`${customerTenantId}|${t.subscriptionId}|${t.partnerId}|${t.resellerId}|${currency}|${meterId}|${day}|${kind}`)
        .digest('hex');
}

export function writeLines(buckets: Iterable<LineBucket>, ctx: LineContext): ReconciliationLine[] {
    const out: ReconciliationLine[] = [];
    for (const b of buckets) {
        const { target: t, rate } = b;
        const day = new Date(ctx.monthStart + b.dayOfMonth * DAY_MS).toISOString().slice(0, 10);
        const common = {
            PartnerId: t.partnerId,
            CustomerId: ctx.customerTenantId,
            CustomerName: ctx.customerName,
            ResellerMPNID: t.resellerId,
            SubscriptionId: t.subscriptionId,
            EntitlementId: t.subscriptionId,
            ChargeStartDate: ctx.chargeStartDate,
            ChargeEndDate: ctx.chargeEndDate,
            UsageDate: day,
            MeterCategory: rate.meterCategory,
            MeterSubCategory: rate.destination,
            BillingCurrency: rate.currency,
            ChargeType: 'usage' as const,
            PartnerEarnedCreditPercentage: 0 as const,
            ResourceGroup: 'M365' as const,
            Tags: '',
        };
        const minutes = amounts(b.minutes, b.minutesShared, b.minutesAmountMicro, rate.perMinuteMicro);
        if (minutes) {
            out.push({
                id: lineId(ctx.customerTenantId, t, rate.currency, rate.meterId, day, 'minutes'),
                ...common,
                MeterName: rate.meterName,
                MeterId: rate.meterId,
                Unit: 'Minute',
                UnitPrice: rate.perMinuteText,
                EffectiveUnitPrice: rate.perMinuteText,
                ...minutes,
            });
        }
        const fees = amounts(b.fees, b.feeShared, b.feesAmountMicro, rate.connectionFeeMicro);
        if (fees) {
            out.push({
                id: lineId(ctx.customerTenantId, t, rate.currency, rate.meterId, day, 'connection'),
                ...common,
                MeterName: `${rate.meterName} connection fee`,
                MeterId: `${rate.meterId}:connection`,
                Unit: 'Connection',
                UnitPrice: rate.connectionFeeText,
                EffectiveUnitPrice: rate.connectionFeeText,
                ...fees,
            });
        }
    }
    return out.sort(compareLines);
}

/**
 * A line's Quantity and BillingPreTaxTotal: the whole count when overage paid
 * every unit, else the rounded total ÷ the unit price; undefined for no line
 * (nothing billed, or a share of a fee or minute too small to show at 4 decimals).
 */
function amounts(whole: number, shared: boolean, amountMicro: number, unitPriceMicro: number): { Quantity: string; BillingPreTaxTotal: string } | undefined {
    if (whole === 0 && !shared) return undefined;
    const total = roundMicro4(assertSafe(amountMicro, 'a line total'));
    const quantity = shared ? quantityFor(total, unitPriceMicro) : String(assertSafe(whole, 'a line quantity'));
    return quantity === '0' ? undefined : { Quantity: quantity, BillingPreTaxTotal: formatMicro4(total) };
}

/** What the lines bill in `currency`, in micro-units: the sum of their (rounded) totals. */
export function billedMicro(lines: readonly ReconciliationLine[], currency: string): number {
    let sum = 0;
    for (const l of lines) if (l.BillingCurrency === currency) sum += toMicro(l.BillingPreTaxTotal, 'BillingPreTaxTotal');
    return assertSafe(sum, 'overage');
}

/** The order of a month's lines: day, subscription, meter, minutes before connection; then the rare splits (partner, reseller, currency). */
export function compareLines(a: ReconciliationLine, b: ReconciliationLine): number {
    return compareText(a.UsageDate, b.UsageDate) || compareText(a.SubscriptionId, b.SubscriptionId) || compareText(meterOf(a), meterOf(b))
        || KIND_ORDER[kindOf(a)] - KIND_ORDER[kindOf(b)] || compareText(a.PartnerId, b.PartnerId) || compareText(a.ResellerMPNID, b.ResellerMPNID)
        || compareText(a.BillingCurrency, b.BillingCurrency);
}

const CONNECTION = ':connection';
const kindOf = (l: ReconciliationLine): Kind => (l.Unit === 'Connection' && l.MeterId.endsWith(CONNECTION) ? 'connection' : 'minutes');
const meterOf = (l: ReconciliationLine): string => (kindOf(l) === 'connection' ? l.MeterId.slice(0, -CONNECTION.length) : l.MeterId);

