// Reconciliation lines: what overage bills, summed per (customer, Azure
// subscription, meter, UTC day), one line for the minutes and one for the
// connection fees. The rating adds into buckets keyed by a number (no string
// per call); the lines are written once, at the end, sorted and with ids that
// depend only on what they bill, so a month rated again gives the same lines.
import { createHash } from 'node:crypto';
import type { ReconciliationLine } from './ratingModel';
import { formatMicro4, formatMicroTrim, assertSafe } from './money';
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
    /** Overage minutes in micro-minutes (a partly credited call adds a fraction). */
    minutesQuantityMicro = 0;
    minutesAmountMicro = 0;
    /** Connection fees charged to overage, partly credited ones included. */
    fees = 0;
    feesAmountMicro = 0;
    constructor(readonly target: BillingTarget, readonly rate: IndexedRate, readonly dayOfMonth: number) {}
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
        if (b.minutesQuantityMicro > 0) {
            out.push({
                id: lineId(ctx.customerTenantId, t, rate.currency, rate.meterId, day, 'minutes'),
                ...common,
                MeterName: rate.meterName,
                MeterId: rate.meterId,
                Unit: 'Minute',
                UnitPrice: rate.perMinuteText,
                EffectiveUnitPrice: rate.perMinuteText,
                Quantity: formatMicroTrim(assertSafe(b.minutesQuantityMicro, 'a line quantity')),
                BillingPreTaxTotal: formatMicro4(assertSafe(b.minutesAmountMicro, 'a line total')),
            });
        }
        if (b.fees > 0) {
            out.push({
                id: lineId(ctx.customerTenantId, t, rate.currency, rate.meterId, day, 'connection'),
                ...common,
                MeterName: `${rate.meterName} connection fee`,
                MeterId: `${rate.meterId}:connection`,
                Unit: 'Connection',
                UnitPrice: rate.connectionFeeText,
                EffectiveUnitPrice: rate.connectionFeeText,
                Quantity: String(b.fees),
                BillingPreTaxTotal: formatMicro4(assertSafe(b.feesAmountMicro, 'a line total')),
            });
        }
    }
    return out.sort(compareLines);
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

