// The deployment's rate cards: one document per (currency, effectiveFrom) in
// the `rate-cards` container, prices kept as the decimal text the operator
// sent ("0.0123"), so what a bill multiplies is exactly what was published.
// A PUT of a card replaces the stored card with the same currency and day.
import { z } from 'zod';
import { appClock } from '../../core/clock';
import { RateCard, RateMoney } from '../../core/domain/rateCard';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';

export const RATE_CARDS_CONTAINER = CONTAINERS.rateCards;
/** Every card lives in one small partition: the accrual reads them all at once. */
export const RATE_CARDS_PARTITION = 'rates';

/** A rate card as stored: prices are decimal text. */
export interface StoredRate {
    meterId: string;
    meterName: string;
    meterCategory: string;
    destination: string;
    perMinute: string;
    connectionFee: string;
}
export interface StoredRateCard {
    currency: string;
    effectiveFrom: string;
    rates: StoredRate[];
}

interface RateCardDocument extends StoredRateCard {
    id: string;
    updatedAt: string;
}

export interface RateCardSummary {
    currency: string;
    effectiveFrom: string;
    rateCount: number;
    /** A card with the same currency and day was stored before and is now replaced. */
    replaced: boolean;
}

export const rateCardId = (card: { currency: string; effectiveFrom: string }): string => `${card.currency}:${card.effectiveFrom}`;

/** Every stored card, by currency then effective day. */
export async function readRateCards(store: StateStore): Promise<RateCard[]> {
    return (await readStoredRateCards(store)) as RateCard[];
}

export async function readStoredRateCards(store: StateStore): Promise<StoredRateCard[]> {
    const docs = await store.query<RateCardDocument>(RATE_CARDS_CONTAINER, { partitionKey: RATE_CARDS_PARTITION });
    return docs
        .map((d) => ({ currency: d.currency, effectiveFrom: d.effectiveFrom, rates: d.rates }))
        .sort((a, b) => (rateCardId(a) < rateCardId(b) ? -1 : rateCardId(a) > rateCardId(b) ? 1 : 0));
}

/** Stores each card, replacing one with the same (currency, effectiveFrom). Check them first (parseRateCardsJson, parseRateCardCsv). */
export async function saveRateCards(store: StateStore, cards: StoredRateCard[], now = new Date(appClock.now())): Promise<RateCardSummary[]> {
    const out: RateCardSummary[] = [];
    for (const card of cards) {
        const id = rateCardId(card);
        const before: Stored<RateCardDocument> | undefined = await store.read<RateCardDocument>(RATE_CARDS_CONTAINER, RATE_CARDS_PARTITION, id);
        const doc: RateCardDocument = { id, currency: card.currency, effectiveFrom: card.effectiveFrom, rates: card.rates, updatedAt: now.toISOString() };
        await store.upsert(RATE_CARDS_CONTAINER, RATE_CARDS_PARTITION, doc);
        out.push({ currency: card.currency, effectiveFrom: card.effectiveFrom, rateCount: card.rates.length, replaced: before !== undefined });
    }
    return out;
}

/** A JSON number as the price text it denotes, or undefined when it is not a plain decimal of at most 6 decimals. */
export function moneyText(value: number | string): string | undefined {
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
    return RateMoney.safeParse(text).success ? text : undefined;
}

export interface JsonIssue {
    path: string;
    reason: string;
}

/** A card, or an array of cards, from a PUT body: the stored form, or every issue with its path. */
export function parseRateCardsJson(body: unknown): { cards: StoredRateCard[] } | { issues: JsonIssue[] } {
    const many = Array.isArray(body);
    const parsed = (many ? z.array(RateCard).min(1, 'send at least one rate card') : RateCard).safeParse(body);
    const at = (path: PropertyKey[]) => path.map(String).join('.') || '(body)';
    if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: at(i.path), reason: i.message })) };
    const cards = (many ? parsed.data : [parsed.data]) as RateCard[];
    const issues: JsonIssue[] = [];
    const seen = new Map<string, number>();
    const stored = cards.map((card, c): StoredRateCard => {
        const prefix = many ? [c] : [];
        const first = seen.get(rateCardId(card));
        if (first !== undefined) issues.push({ path: at([...prefix, 'effectiveFrom']), reason: `card ${first} is also ${card.currency} from ${card.effectiveFrom}: send one card per currency and day` });
        seen.set(rateCardId(card), c);
        return {
            currency: card.currency,
            effectiveFrom: card.effectiveFrom,
            rates: card.rates.map((r, i) => {
                const price = (field: 'perMinute' | 'connectionFee') => {
                    const text = moneyText(r[field]);
                    if (text === undefined) issues.push({ path: at([...prefix, 'rates', i, field]), reason: `${r[field]} is not a non-negative decimal with at most 6 decimals; send it as text, e.g. "0.0123"` });
                    return text ?? '';
                };
                return { meterId: r.meterId, meterName: r.meterName, meterCategory: r.meterCategory, destination: r.destination, perMinute: price('perMinute'), connectionFee: price('connectionFee') };
            }),
        };
    });
    return issues.length ? { issues } : { cards: stored };
}
