// Rate cards through the local host: operators (system key) PUT them as JSON
// or CSV and GET them; partners' agents and callers without the key are refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRateCards } from '../../shared/features/accrual/rateCards';
import { appStateStore } from '../helpers/appStateStore';
import { AppHost, startAppHost } from '../helpers/appHost';

let h: AppHost;
beforeAll(async () => { h = await startAppHost(); });
afterAll(async () => { await h.stop(); });

const key = () => ({ 'x-functions-key': h.host.systemKey });
const csv = (text: string, headers: Record<string, string> = key()) => h.call('PUT', '/api/rates', text, { 'content-type': 'text/csv', ...headers });
const HEADER = 'MeterId,MeterName,MeterCategory,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom';

const usdCard = {
    currency: 'USD',
    effectiveFrom: '2026-02-01',
    rates: [
        { meterId: 'm-us', meterName: 'Calls to United States', meterCategory: 'Teams Calling', destination: 'US', perMinute: '0.0123', connectionFee: '0' },
        { meterId: 'm-tf', meterName: 'Toll-free (United States)', meterCategory: 'Teams Toll-Free', destination: 'tollFree-US', perMinute: 0.019, connectionFee: '0.0200' },
    ],
};

test('PUT JSON stores the card with its prices as decimal text, exactly as sent', async () => {
    const res = await h.call('PUT', '/api/rates', usdCard, key());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ cards: [{ currency: 'USD', effectiveFrom: '2026-02-01', rateCount: 2, replaced: false }] });
    const cards = await readRateCards(appStateStore());
    const stored = cards.find((c) => c.currency === 'USD' && c.effectiveFrom === '2026-02-01')!;
    expect(stored.rates.map((r) => [r.perMinute, r.connectionFee])).toEqual([['0.0123', '0'], ['0.019', '0.0200']]);
});

test('PUT CSV with two cards (grouped by Currency and EffectiveFrom), then GET lists them', async () => {
    const text = [
        '# illustrative prices',
        HEADER,
        'c-de,Calls to Germany,Teams Calling,DE,0.0280,,EUR,2026-03-01',
        'c-tf-de,Toll-free (Germany),Teams Toll-Free,tollFree-DE,0.0478,0.0200,EUR,2026-03-01',
        'c-gb,Calls to United Kingdom,Teams Calling,GB,0.0230,0,GBP,2026-03-01',
        '"c-jp","Calls to Japan, mobile",Teams Calling,JP,0.087,0.01,EUR,2026-03-01',
    ].join('\n');
    const res = await csv(text);
    expect(res.status).toBe(200);
    expect(res.json.cards).toEqual([
        { currency: 'EUR', effectiveFrom: '2026-03-01', rateCount: 3, replaced: false },
        { currency: 'GBP', effectiveFrom: '2026-03-01', rateCount: 1, replaced: false },
    ]);

    const list = await h.call('GET', `/api/rates?code=${encodeURIComponent(h.host.systemKey)}`);
    expect(list.status).toBe(200);
    const eur = list.json.cards.find((c: any) => c.currency === 'EUR' && c.effectiveFrom === '2026-03-01');
    expect(eur).toMatchObject({ rateCount: 3 });
    expect(eur.rates).toEqual([
        { meterId: 'c-de', meterName: 'Calls to Germany', meterCategory: 'Teams Calling', destination: 'DE', perMinute: '0.0280', connectionFee: '0' },
        { meterId: 'c-tf-de', meterName: 'Toll-free (Germany)', meterCategory: 'Teams Toll-Free', destination: 'tollFree-DE', perMinute: '0.0478', connectionFee: '0.0200' },
        { meterId: 'c-jp', meterName: 'Calls to Japan, mobile', meterCategory: 'Teams Calling', destination: 'JP', perMinute: '0.087', connectionFee: '0.01' },
    ]);
    expect(list.json.cards.map((c: any) => `${c.currency}:${c.effectiveFrom}`)).toEqual(expect.arrayContaining(['EUR:2026-03-01', 'GBP:2026-03-01']));
    expect(list.json.totalCount).toBe(list.json.cards.length);
});

test('the demo rate card loads: USD and EUR from 2026-01-01', async () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rates', 'demo-rates.csv'), 'utf8');
    const res = await csv(text);
    expect(res.status).toBe(200);
    expect(res.json.cards).toEqual([
        { currency: 'USD', effectiveFrom: '2026-01-01', rateCount: 40, replaced: false },
        { currency: 'EUR', effectiveFrom: '2026-01-01', rateCount: 40, replaced: false },
    ]);
});

test('bad rows are listed with line and column, and nothing is stored', async () => {
    const before = await readRateCards(appStateStore());
    const text = [
        HEADER,
        'b-1,Calls to Spain,Teams Calling,ES,0.0290,0,CHF,2026-04-01',
        'b-2,Calls to Italy,Teams Calling,IT,-0.01,0,CHF,2026-04-01',
        'b-3,Calls to Mexico,Teams Calling,MX,0.0380,0.1234567,CHF,2026-04-01',
        'b-4,,Teams Calling,BR,abc,0,chf,2026-13-01',
        'b-1,Calls to Spain again,Teams Calling,FR,0.03,0,CHF,2026-04-01',
    ].join('\r\n');
    const res = await csv(text);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json.code).toBe('invalid-rates');
    const issues = res.json.issues.map((i: any) => [i.line, i.column]);
    expect(issues).toEqual([[3, 'PerMinute'], [4, 'ConnectionFee'], [5, 'MeterName'], [5, 'PerMinute'], [5, 'Currency'], [5, 'EffectiveFrom']]);
    expect(res.json.issues.every((i: any) => typeof i.reason === 'string' && i.reason.length > 0)).toBe(true);

    // once the cells are right, the card's own rules are checked: the same meter twice
    const dup = await csv([HEADER, 'b-1,Calls to Spain,Teams Calling,ES,0.0290,0,CHF,2026-04-01', 'b-1,Calls to France,Teams Calling,FR,0.03,0,CHF,2026-04-01'].join('\n'));
    expect(dup.status).toBe(400);
    expect(dup.json.issues).toEqual([{ line: 3, column: 'MeterId', reason: expect.stringContaining('b-1') }]);

    const missing = await csv('MeterId,MeterName,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom\nx,y,US,0.01,0,USD,2026-01-01');
    expect(missing.status).toBe(400);
    expect(missing.json.issues).toEqual([{ line: 1, column: 'MeterCategory', reason: expect.any(String) }]);

    const json = await h.call('PUT', '/api/rates', { ...usdCard, currency: 'usd', rates: [{ ...usdCard.rates[0], perMinute: '1e-3' }, { ...usdCard.rates[1], connectionFee: 0.00000001 }] }, key());
    expect(json.status).toBe(400);
    expect(json.json.code).toBe('invalid-rates');
    expect(json.json.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['currency', 'rates.0.perMinute']));

    expect(await readRateCards(appStateStore())).toEqual(before);
});

test('callers without the system key are refused before anything is read', async () => {
    const none = await h.call('GET', '/api/rates');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.json.code).toBe('operator-key-required');

    const wrong = await csv(`${HEADER}\nx,y,Teams Calling,US,0.01,0,USD,2026-01-01`, { 'x-functions-key': 'not-the-key' });
    expect(wrong.status).toBe(401);

    const partner = await h.as('contosoAdmin')('PUT', '/api/rates', usdCard);
    expect(partner.status).toBe(403);
    expect(partner.json.code).toBe('operator-only');
    expect((await h.as('contosoAdmin')('GET', '/api/rates')).status).toBe(403);
});

test('a PUT replaces the card with the same currency and day', async () => {
    const first = { currency: 'JPY', effectiveFrom: '2026-05-01', rates: [usdCard.rates[0], usdCard.rates[1]] };
    expect((await h.call('PUT', '/api/rates', first, key())).json.cards[0]).toMatchObject({ rateCount: 2, replaced: false });
    const second = { ...first, rates: [{ ...usdCard.rates[0], perMinute: '0.5' }] };
    expect((await h.call('PUT', '/api/rates', [second], key())).json.cards).toEqual([{ currency: 'JPY', effectiveFrom: '2026-05-01', rateCount: 1, replaced: true }]);
    const list = await h.call('GET', '/api/rates', undefined, key());
    const jpy = list.json.cards.filter((c: any) => c.currency === 'JPY');
    expect(jpy).toEqual([{ currency: 'JPY', effectiveFrom: '2026-05-01', rateCount: 1, rates: [{ ...usdCard.rates[0], perMinute: '0.5' }] }]);
});

test('other media types are refused', async () => {
    const res = await h.call('PUT', '/api/rates', 'hello', { ...key(), 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
});
