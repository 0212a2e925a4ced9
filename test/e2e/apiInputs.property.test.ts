// Whatever a client sends to the app's endpoints (path segments, query,
// headers, method, body), the answer is never a 5xx and never a hang. The
// demo world's services answer normally here, so any 5xx is our bug.
import fc from 'fast-check';
import { AGENTS, AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
let tokens: string[];
beforeAll(async () => {
    app = await startAppHost();
    tokens = await Promise.all((Object.keys(AGENTS) as Array<keyof typeof AGENTS>).map((a) => app.token(a)));
});
afterAll(async () => { await app.stop(); });

const nasty = fc.oneof(
    fc.constantFrom('%ZZ', '%', '%2F', '..', '.', '%00', '%C0%AF', 'x'.repeat(3000), ' ', '😀', 'enableOverage-x', '%E2%82'),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent),
);
const customer = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...Object.values(CUSTOMERS)) }, fc.uuid(), nasty);
const runId = fc.oneof(fc.constant(`enableOverage-${CUSTOMERS.coho}-000000000000`), nasty);
const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
/** A route with mostly one of its own methods (else every request would stop at 405). */
const route = (methods: string[], paths: fc.Arbitrary<string>) => fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...methods) }, { weight: 1, arbitrary: anyMethod }), paths);
const request = fc.oneof(
    route(['GET'], customer.map((c) => `/api/customers/${c}/overage`)),
    route(['POST'], customer.map((c) => `/api/customers/${c}/overage/enablements`)),
    route(['GET'], customer.map((c) => `/api/customers/${c}/overage/diagnostics`)),
    route(['GET'], fc.tuple(customer, fc.option(runId)).map(([c, r]) => `/api/customers/${c}/overage/audit${r === null ? '' : `?runId=${r}`}`)),
    route(['GET', 'DELETE'], fc.tuple(customer, fc.option(runId)).map(([c, r]) => `/api/customers/${c}/overage/runs${r === null ? '' : `/${r}`}`)),
    route(['GET'], fc.tuple(customer, fc.string({ maxLength: 8 })).map(([c, q]) => `/api/customers/${c}/overage/runs?limit=${encodeURIComponent(q)}`)),
    route(['GET', 'PUT'], customer.map((c) => `/api/v1/customers/${c}/subscriptions/overage`)),
    route(['GET'], fc.constant('/api/health')),
);
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 });
const headers = fc.record({
    authorization: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }).map((i) => `Bearer ${tokens[i]}`) }, printable, fc.constant('Bearer ')),
    'idempotency-key': printable,
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x'),
    'x-functions-key': printable,
}, { requiredKeys: [] });
const body = fc.oneof(
    fc.constant(undefined),
    fc.record({ service: fc.constantFrom('PhoneServices', 'Fax'), azureEntitlementId: fc.oneof(fc.constant('new'), fc.uuid(), fc.string()), overageEnabled: fc.boolean() }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.nat({ max: 3 }).map((n) => `${'['.repeat(2000 * n)}${']'.repeat(2000 * n)}`),
);

test('any path, query, header, method and body: never a 5xx, never a hang', async () => {
    const seen = new Map<number, number>();
    await fc.assert(fc.asyncProperty(request, headers, body, async ([m, p], h, b) => {
        const res = await fetch(`${app.url}${p}`, { method: m, headers: h, body: m === 'GET' || m === 'HEAD' ? undefined : b, signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${m} ${p} → ${res.status} ${text.slice(0, 300)}`);
        if (res.status >= 400 && p.startsWith('/api/customers') && res.headers.get('content-type')?.includes('json')) {
            expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
    }), { numRuns: 400 });
    // the generators reach past the guards too: some requests were served
    expect([...seen.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(seen.get(401)).toBeGreaterThan(0);
}, 120_000);
