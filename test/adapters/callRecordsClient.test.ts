// The PSTN call log client against a stand-in of Microsoft Graph on a local
// port (the simulator's routes are tested end to end in test/e2e/usagePull):
// the request Graph documents, next links followed one page at a time, each
// page checked, a 403 as missing consent, a 429 waited out, and no window
// longer than Graph's 90 days ever sent.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallRecordsClient } from '../../shared/adapters/callRecords/callRecordsClient';
import { CallRecordsConsentMissingError, MAX_WINDOW_MS, PstnCallPage, pstnWindows } from '../../shared/adapters/callRecords/pstnCalls';
import { UpstreamSchemaError } from '../../shared/adapters/http/httpClient';

const CUSTOMER = '10000000-0000-4000-8000-0000000000cc';
const FROM = Date.parse('2031-02-01T00:00:00Z');
const TO = Date.parse('2031-03-15T00:00:00Z');
const row = (id: string) => ({ id, callId: 'same-call', startDateTime: '2031-02-02T09:00:00Z', duration: 60, callType: 'user_out', charge: 0.03, connectionCharge: 0, currency: 'EUR', futureField: { kept: true } });

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
let server: http.Server;
let base: string;
let seen: Array<{ url: string; tenant: string | undefined; auth: string | undefined }>;
let answer: (url: string, n: number) => Answer;

beforeAll(async () => {
    server = http.createServer((req, res) => {
        seen.push({ url: req.url!, tenant: req.headers['x-ms-customer-tenant'] as string | undefined, auth: req.headers.authorization });
        const a = answer(req.url!, seen.length);
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server.close(r)); });
beforeEach(() => { seen = []; });

const client = () => new CallRecordsClient({ baseUrl: base, token: async (scope) => `token-for ${scope}`, backoffMs: 10, retries: 2, budgetMs: 10_000 });

/** Three pages: the first two link on (an absolute link, as Graph's), the last does not. */
const threePages = (url: string): Answer => {
    const page = Number(new URL(url, base).searchParams.get('$skiptoken') ?? '1');
    const next = page < 3 ? { '@odata.nextLink': `${base}/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2031-02-01T00:00:00Z,toDateTime=2031-03-15T00:00:00Z)?$skiptoken=${page + 1}` } : {};
    return { status: 200, body: { '@odata.count': 2, value: [row(`p${page}-a`), row(`p${page}-b`)], ...next } };
};

test('the call log is asked for as Graph documents it, and its pages are followed one at a time, only as they are read', async () => {
    answer = threePages;
    const pages = client().pstnCalls(CUSTOMER, { from: FROM, to: TO })[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(seen).toHaveLength(1); // the second page is not asked for before the first was taken
    expect(seen[0]).toEqual({
        url: '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2031-02-01T00:00:00Z,toDateTime=2031-03-15T00:00:00Z)',
        tenant: CUSTOMER, auth: 'Bearer token-for https://graph.microsoft.com/.default',
    });
    const rest: PstnCallPage[] = [];
    for (let p = await pages.next(); !p.done; p = await pages.next()) rest.push(p.value);
    const all = [first.value as PstnCallPage, ...rest];
    expect(all.map((p) => [p.page, p.rows.map((r) => r.id)])).toEqual([[1, ['p1-a', 'p1-b']], [2, ['p2-a', 'p2-b']], [3, ['p3-a', 'p3-b']]]);
    expect(all[0].rows[0]).toMatchObject({ callId: 'same-call', charge: 0.03, futureField: { kept: true } }); // fields the app does not read are kept
    expect(seen.map((s) => s.tenant)).toEqual([CUSTOMER, CUSTOMER, CUSTOMER]);
});

test('a page of the wrong shape stops the read there, after the pages before it were handed on', async () => {
    answer = (url) => (url.includes('$skiptoken=2') ? { status: 200, body: { value: [{ callId: 'no id', startDateTime: '2031-02-02T09:00:00Z' }] } } : threePages(url));
    const got: string[] = [];
    const read = (async () => { for await (const p of client().pstnCalls(CUSTOMER, { from: FROM, to: TO })) got.push(...p.rows.map((r) => r.id)); })();
    await expect(read).rejects.toBeInstanceOf(UpstreamSchemaError);
    expect(got).toEqual(['p1-a', 'p1-b']);
});

test('403 means the app holds no consent in the customer\'s tenant: a typed error with what Graph said', async () => {
    answer = () => ({ status: 403, body: { error: { code: 'Forbidden', message: 'Missing role CallRecords.Read.All' } } });
    const err = await (async () => { for await (const _ of client().pstnCalls(CUSTOMER, { from: FROM, to: TO })) { /* none */ } })().catch((e) => e);
    expect(err).toBeInstanceOf(CallRecordsConsentMissingError);
    expect(err).toMatchObject({ customerTenantId: CUSTOMER, said: 'Forbidden: Missing role CallRecords.Read.All' });
    expect(seen).toHaveLength(1); // a refusal is not asked again
});

test('429 is waited out for as long as Retry-After says, then the page is asked again', async () => {
    answer = (url, n) => (n === 1 ? { status: 429, body: { error: { code: 'TooManyRequests' } }, headers: { 'retry-after': '1' } } : { ...threePages(url), body: { value: [row('only')] } });
    const started = Date.now();
    const ids: string[] = [];
    for await (const p of client().pstnCalls(CUSTOMER, { from: FROM, to: TO })) ids.push(...p.rows.map((r) => r.id));
    expect(ids).toEqual(['only']);
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

test('a window longer than 90 days is never sent; a long span is cut into consecutive windows of at most 90 days', async () => {
    const tooLong = { from: FROM, to: FROM + MAX_WINDOW_MS + 1 };
    await expect((async () => { for await (const _ of client().pstnCalls(CUSTOMER, tooLong)) { /* none */ } })()).rejects.toThrow(/at most 90 days/);
    expect(seen).toEqual([]);
    const year = pstnWindows(Date.parse('2030-03-15T00:00:00Z'), TO);
    expect(year).toHaveLength(5); // 365 days: 90 + 90 + 90 + 90 + 5
    expect(year[0]).toEqual({ from: Date.parse('2030-03-15T00:00:00Z'), to: Date.parse('2030-06-13T00:00:00Z') });
    year.slice(1).forEach((w, i) => expect(w.from).toBe(year[i].to));
    expect(year.at(-1)!.to).toBe(TO);
    expect(pstnWindows(TO, TO)).toEqual([]);
});

test('a next link to another host is refused: the bearer token never leaves Graph', async () => {
    answer = () => ({ status: 200, body: { value: [row('a')], '@odata.nextLink': 'http://elsewhere.example/v1.0/next' } });
    const read = (async () => { for await (const _ of client().pstnCalls(CUSTOMER, { from: FROM, to: TO })) { /* drain */ } })();
    await expect(read).rejects.toThrow(/refusing to call http:\/\/elsewhere.example/);
    expect(seen).toHaveLength(1);
});
