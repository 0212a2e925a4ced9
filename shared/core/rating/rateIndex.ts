// The rate cards, indexed once per rating so a call finds its rate with two
// Map lookups and no string building: per currency the cards in EffectiveFrom
// order, each with its rates by meter category, then destination. Prices are
// read into exact micro-units here, once (see money.ts).
import type { RatingInput } from './ratingModel';
import { toMicro, formatMicroTrim } from './money';

export const DAY_MS = 86_400_000;

/** One rate of one card, ready for the hot path. */
export interface IndexedRate {
    /** Dense, 0-based over every rate of every card: the line aggregation keys on it. */
    readonly id: number;
    readonly currency: string;
    readonly meterId: string;
    readonly meterName: string;
    readonly meterCategory: string;
    readonly destination: string;
    readonly perMinuteMicro: number;
    readonly connectionFeeMicro: number;
    /** The prices as they leave in lines: shortest decimal, at most 6 decimals. */
    readonly perMinuteText: string;
    readonly connectionFeeText: string;
}

export interface IndexedCard {
    /** EffectiveFrom as a UTC day number (epoch ms / DAY_MS). */
    readonly fromDay: number;
    readonly effectiveFrom: string;
    readonly rates: ReadonlyMap<string, ReadonlyMap<string, IndexedRate>>;
}

export interface RateIndex {
    /** Per currency, ascending by fromDay; of two cards with the same EffectiveFrom, the one given last comes last (and wins). */
    readonly cards: ReadonlyMap<string, readonly IndexedCard[]>;
    readonly rateCount: number;
    readonly warnings: readonly string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as a UTC day number; throws on anything else. */
export function isoDay(date: string, what: string): number {
    const m = ISO_DATE.exec(date);
    const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
    if (!m || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`${what}: ${JSON.stringify(date)} is not a YYYY-MM-DD date`);
    return ms / DAY_MS;
}

/** Indexes already built, by card list: every customer of a run rates against the same list (an index is never changed once built). */
const built = new WeakMap<RatingInput['rateCards'], RateIndex>();

export function indexRateCards(rateCards: RatingInput['rateCards']): RateIndex {
    const hit = built.get(rateCards);
    if (hit) return hit;
    const index = buildIndex(rateCards);
    built.set(rateCards, index);
    return index;
}

function buildIndex(rateCards: RatingInput['rateCards']): RateIndex {
    const byCurrency = new Map<string, IndexedCard[]>();
    const warnings: string[] = [];
    let nextId = 0;
    for (const card of rateCards) {
        const where = `rate card ${card.currency} ${card.effectiveFrom}`;
        const fromDay = isoDay(card.effectiveFrom, where);
        const rates = new Map<string, Map<string, IndexedRate>>();
        for (const r of card.rates) {
            const perMinuteMicro = toMicro(r.perMinute, `${where}, meter ${r.meterId} perMinute`);
            const connectionFeeMicro = toMicro(r.connectionFee, `${where}, meter ${r.meterId} connectionFee`);
            let byDestination = rates.get(r.meterCategory);
            if (!byDestination) rates.set(r.meterCategory, byDestination = new Map());
            if (byDestination.has(r.destination)) warnings.push(`${where}: ${r.meterCategory} has more than one rate for ${r.destination}; the last one given is used`);
            byDestination.set(r.destination, {
                id: nextId++,
                currency: card.currency,
                meterId: r.meterId,
                meterName: r.meterName,
                meterCategory: r.meterCategory,
                destination: r.destination,
                perMinuteMicro,
                connectionFeeMicro,
                perMinuteText: formatMicroTrim(perMinuteMicro),
                connectionFeeText: formatMicroTrim(connectionFeeMicro),
            });
        }
        let list = byCurrency.get(card.currency);
        if (!list) byCurrency.set(card.currency, list = []);
        if (list.some((c) => c.fromDay === fromDay)) warnings.push(`${where}: more than one ${card.currency} card from ${card.effectiveFrom}; the last one given is used`);
        list.push({ fromDay, effectiveFrom: card.effectiveFrom, rates });
    }
    // stable: equal days keep the order given, so the last given wins the "latest ≤ day" search
    for (const list of byCurrency.values()) list.sort((a, b) => a.fromDay - b.fromDay);
    return { cards: byCurrency, rateCount: nextId, warnings };
}
