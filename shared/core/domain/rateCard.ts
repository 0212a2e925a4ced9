// Per-minute prices for what overage bills. Microsoft publishes the rates per
// destination; a rate card is plain data so each deployment can load its own.
// Overage gets no CSP discount and no partner earned credit, so the card's
// price is both the unit price and the effective unit price.
import { z } from 'zod';
import { CurrencyCode, IsoDate } from './primitives';

/**
 * A price as decimal text (`"0.0123"`): non-negative, at most 6 decimals, kept
 * exactly as given so no binary rounding creeps into a bill. Numbers are still
 * accepted for cards written before prices were text.
 */
export const RateMoney = z.string().regex(/^\d+(\.\d{1,6})?$/, 'must be a non-negative decimal with at most 6 decimals, e.g. "0.0123"');

export const Rate = z.object({
    meterId: z.string().min(1),
    meterName: z.string().min(1),
    /** E.g. `Teams Calling`, `Teams Audio Conferencing`, `Teams Toll-Free`. */
    meterCategory: z.string().min(1),
    /** What the rate applies to: a country code, a zone (`zone1`), or a number type (`tollFree-US`). */
    destination: z.string().min(1),
    perMinute: z.union([z.number().min(0), RateMoney]),
    connectionFee: z.union([z.number().min(0), RateMoney]),
});
export type Rate = z.infer<typeof Rate>;

export const RateCard = z.object({
    currency: CurrencyCode,
    effectiveFrom: IsoDate,
    rates: z.array(Rate),
}).superRefine((card, ctx) => {
    const meters = new Set<string>();
    const keys = new Set<string>();
    card.rates.forEach((rate, i) => {
        if (meters.has(rate.meterId)) ctx.addIssue({ code: 'custom', path: ['rates', i, 'meterId'], message: `meter ${rate.meterId} has more than one rate` });
        meters.add(rate.meterId);
        const key = `${rate.meterCategory}\u0000${rate.destination}`;
        if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['rates', i, 'destination'], message: `${rate.meterCategory} already has a rate for ${rate.destination}` });
        keys.add(key);
    });
});
export type RateCard = z.infer<typeof RateCard>;

/** The rate for a destination within a meter category, if the card has one. */
export function findRate(card: RateCard, meterCategory: string, destination: string): Rate | undefined {
    return card.rates.find((r) => r.meterCategory === meterCategory && r.destination === destination);
}
