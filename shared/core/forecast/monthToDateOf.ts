// The month-to-date answer from a month rated day by day (dailyRating.ts):
// the accrual's figures without lines, its days, and the forecast. Scoped to
// one partner the way GET .../accruals/{month} scopes a rated month: the
// overage (so far, per day and forecast) is what that partner's lines bill;
// the other figures are the customer's. Pure: no I/O, no clock.
import { formatMicro4, toMicro } from '../rating/money';
import type { RatingInput, ReconciliationLine } from '../rating/ratingModel';
import { sortedSettings } from '../rating/usageOwner';
import type { RatedByDay } from './dailyRating';
import { forecastMonth } from './forecast';
import type { MonthToDate, RatedDay } from './monthToDate';
import type { PastMonth } from './runRate';
import { noDemand } from './demand';

export interface MonthToDateOptions {
    /** The days observed: 1..throughDay (days after the last call are 0 up to it). */
    throughDay: number;
    /** Whose overage is shown (a partner, or its reseller); undefined: every line, the customer's whole overage. */
    partnerId?: string;
    history: readonly PastMonth[];
}

export function monthToDateOf(input: RatingInput, rated: RatedByDay, o: MonthToDateOptions): MonthToDate {
    const { result } = rated;
    const mine = o.partnerId === undefined ? result.lines : result.lines.filter((l) => l.PartnerId === o.partnerId || l.ResellerMPNID === o.partnerId);
    const overageMicro = billed(mine, result.currency);
    const byDay = overageByDay(mine, result.currency);
    const observed = Array.from({ length: o.throughDay }, (_, i) => rated.days[i] ?? { day: i + 1, poolMinutes: 0, billableMinutes: 0, creditsUsedMicro: 0, demand: noDemand() });
    const days: RatedDay[] = observed.map((d) => ({
        date: `${input.month}-${String(d.day).padStart(2, '0')}`,
        poolMinutes: d.poolMinutes,
        billableMinutes: d.billableMinutes,
        creditsUsed: formatMicro4(d.creditsUsedMicro),
        overageAmount: formatMicro4(byDay.get(d.day) ?? 0),
    }));
    const credits = input.credits && input.credits.currency === result.currency ? input.credits : null;
    const forecast = forecastMonth({
        month: input.month,
        days: observed,
        pools: result.poolMinutes,
        credits: credits && {
            openingMicro: toMicro(credits.opening, 'credits opening balance'),
            balanceMicro: rated.end.balanceMicro,
            autoRecharge: credits.autoRecharge && { thresholdMicro: toMicro(credits.autoRecharge.threshold, 'threshold'), amountMicro: toMicro(credits.autoRecharge.amount, 'amount') },
        },
        overageOn: overageInForceAtEnd(input, o.partnerId),
        actual: { billableMinutes: result.billableMinutes, creditsUsedMicro: rated.end.creditsUsedMicro, overageMicro },
        history: o.history,
    });
    const { lines: _lines, partnerWarnings, ...figures } = result;
    const own = o.partnerId === undefined ? partnerWarnings : pick(partnerWarnings, o.partnerId);
    return {
        ...figures,
        overageAmount: formatMicro4(overageMicro),
        // a scoped answer also says what was left out of this partner's own rows (as GET .../accruals/{month} does)
        warnings: o.partnerId === undefined ? result.warnings : [...result.warnings, ...(own[o.partnerId] ?? [])],
        partnerWarnings: own,
        status: 'month-to-date',
        asOf: rated.asOf === null ? null : new Date(rated.asOf).toISOString(),
        days,
        forecast,
    };
}

/** Is the setting in force from now on billing overage (to `partnerId`'s lines, when scoped)? */
function overageInForceAtEnd(input: RatingInput, partnerId: string | undefined): boolean {
    const settings = sortedSettings(input.settings);
    const last = settings[settings.length - 1];
    if (!last || !last.overageEnabled || last.azureEntitlementId === null) return false;
    return partnerId === undefined || last.partnerId === partnerId || last.resellerId === partnerId;
}

function billed(lines: readonly ReconciliationLine[], currency: string): number {
    let sum = 0;
    for (const l of lines) if (l.BillingCurrency === currency) sum += toMicro(l.BillingPreTaxTotal, 'BillingPreTaxTotal');
    return sum;
}

function overageByDay(lines: readonly ReconciliationLine[], currency: string): Map<number, number> {
    const out = new Map<number, number>();
    for (const l of lines) {
        if (l.BillingCurrency !== currency) continue;
        const day = Number(l.UsageDate.slice(8, 10));
        out.set(day, (out.get(day) ?? 0) + toMicro(l.BillingPreTaxTotal, 'BillingPreTaxTotal'));
    }
    return out;
}

function pick(warnings: Record<string, string[]>, partnerId: string): Record<string, string[]> {
    return warnings[partnerId] ? { [partnerId]: warnings[partnerId] } : {};
}
