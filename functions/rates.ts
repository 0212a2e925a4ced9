// The deployment's rate cards, for operators (the host's system key, `code=`
// or `x-functions-key`); partners' tokens are refused:
//   GET /api/rates   every card: currency, effectiveFrom, rate count, rates
//   PUT /api/rates   one card or an array of cards as JSON (shared/core/domain/rateCard.ts),
//                    or text/csv with MeterId,MeterName,MeterCategory,Destination,
//                    PerMinute,ConnectionFee,Currency,EffectiveFrom (one card per
//                    Currency and EffectiveFrom). Each card replaces the stored one
//                    with the same currency and day; a bad row stores nothing.
// Prices are decimal text with at most 6 decimals, stored exactly as sent.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { parseRateCardCsv } from '../shared/features/accrual/rateCardCsv';
import { parseRateCardsJson, readStoredRateCards, saveRateCards } from '../shared/features/accrual/rateCards';
import type { Dependencies } from '../shared/adapters/dependencies';
import type { StateStore } from '../shared/adapters/state/stateStore';
import { asProblem } from './http/guard';
import { readCapped } from './http/body';
import { isOperator } from './http/operator';
import { problem } from './http/problem';

/** Microsoft's rate lists run to a few thousand rows; this leaves ample room. */
const MAX_RATES_BYTES = 8 * 1024 * 1024;

const EXAMPLE = '{"currency":"USD","effectiveFrom":"2026-01-01","rates":[{"meterId":"…","meterName":"…","meterCategory":"Teams Calling","destination":"US","perMinute":"0.0120","connectionFee":"0"}]}';

export function registerRates(deps: Dependencies): void {
    df.app.client.http('rates', {
        route: 'rates',
        methods: ['GET', 'PUT'],
        authLevel: 'anonymous',
        handler: async (req: HttpRequest, client: DurableClient, ctx: InvocationContext): Promise<HttpResponseInit> => {
            // before the body is read: a refused caller costs nothing
            const refused = refuseNonOperator(req, client);
            if (refused) return refused;
            try {
                return req.method === 'PUT' ? await put(deps.stateStore, req) : await list(deps.stateStore);
            } catch (err) {
                return asProblem(err, ctx);
            }
        },
    });
}

function refuseNonOperator(req: HttpRequest, client: DurableClient): HttpResponseInit | undefined {
    if (isOperator(req, client)) return undefined;
    const remedy = 'Rate cards are managed by the deployment\'s operators: send the host\'s system key as x-functions-key (or code=).';
    if (req.headers.get('x-functions-key') ?? req.query.get('code')) return problem(401, 'operator-key-invalid', 'The key sent is not the host\'s system key.', { remedy });
    if (req.headers.get('authorization')) return problem(403, 'operator-only', 'Partners\' agents cannot read or change rate cards.', { remedy });
    return problem(401, 'operator-key-required', 'No key was sent.', { remedy });
}

async function list(store: StateStore): Promise<HttpResponseInit> {
    const cards = await readStoredRateCards(store);
    return {
        headers: { 'cache-control': 'no-store' },
        jsonBody: { totalCount: cards.length, cards: cards.map((c) => ({ currency: c.currency, effectiveFrom: c.effectiveFrom, rateCount: c.rates.length, rates: c.rates })) },
    };
}

/** The issues as CSV (line, column, reason) or JSON (path, reason) tells them, under the problem's `issues`. */
const listed = (issues: unknown[]): Record<string, unknown> => ({ issues });

async function put(store: StateStore, req: HttpRequest): Promise<HttpResponseInit> {
    const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const csv = type === 'text/csv' || type === 'application/csv';
    if (!csv && !(type === 'application/json' || type.endsWith('+json'))) {
        return problem(415, 'unsupported-media-type', `A rate card is sent as application/json or text/csv, not ${type || 'without a content type'}.`, { remedy: `Send text/csv or ${EXAMPLE}.` });
    }
    const text = await readCapped(req, MAX_RATES_BYTES);
    if (text === undefined) return problem(413, 'body-too-large', `The body is larger than ${MAX_RATES_BYTES / 1024 / 1024} MiB.`, { remedy: 'Send the cards in several requests (one per currency, for instance).' });
    let parsed: ReturnType<typeof parseRateCardsJson> | ReturnType<typeof parseRateCardCsv>;
    if (csv) parsed = parseRateCardCsv(text);
    else {
        let body: unknown;
        try { body = JSON.parse(text); } catch { body = undefined; }
        if (body === undefined) return problem(400, 'invalid-request', 'The body is not JSON.', { remedy: `Send ${EXAMPLE}, an array of such cards, or text/csv.` });
        parsed = parseRateCardsJson(body);
    }
    if ('issues' in parsed) {
        const where = (i: (typeof parsed.issues)[number]) => ('line' in i ? `line ${i.line}${i.column ? ` ${i.column}` : ''}` : i.path);
        return problem(400, 'invalid-rates', `Nothing was stored: ${parsed.issues.length} problem(s), first ${where(parsed.issues[0])}: ${parsed.issues[0].reason}.`, {
            remedy: 'Fix every row or field listed in "issues" and send the whole card again.', ...listed(parsed.issues),
        });
    }
    const cards = await saveRateCards(store, parsed.cards);
    return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { cards } };
}
