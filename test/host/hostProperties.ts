// Properties of every host endpoint, whatever is sent: the answer is never a
// 5xx (but for the documented bare 500 of a test function that throws on
// purpose) and always arrives within a few seconds. Random methods, paths
// (percent signs, broken escapes, dot segments, unicode, very long), header
// values and bodies (deep, huge, binary, not JSON). Run by properties*.test.ts.
import fc from 'fast-check';
import { TestHost } from '../helpers/testHost';

const ANSWER_WITHIN_MS = 5000;
const RUNS = 250;

const segment = fc.oneof(
    fc.constantFrom('%', '%ZZ', '%2', '%2F', '%00', '%C3%28', '%E2%82%AC', '..', '.', '', 'orders', 'messages', 'deadletters', 'resubmit',
        'raiseEvent', 'terminate', 'instances', 'orchestrators', 'items', 'uploads', 'countdown', '42', 'x'.repeat(300), 'ü/é', '😀'),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent),
);
const tail = fc.oneof(
    fc.array(segment, { maxLength: 4 }).map((parts) => parts.join('/')),
    fc.constant('a'.repeat(9000)), // a long path, still under the header limit
);
const method = fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    fc.constantFrom('patch', 'Get', 'PROPFIND', 'PURGE', 'FOO', 'M-SEARCH'),
);
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const headers = fc.record({
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x', ''),
    authorization: headerValue.map((v) => `Bearer ${v}`),
    'x-ms-continuation-token': headerValue,
    'x-custom': headerValue,
    'x-big': fc.constant('v'.repeat(4000)),
}, { requiredKeys: [] });

const deepJson = (n: number) => `${'{"body":'.repeat(n)}1${'}'.repeat(n)}`;
const HUGE = 'x'.repeat(600 * 1024); // over the property hosts' body limit
const body = fc.oneof(
    fc.constant(undefined),
    fc.json(),
    fc.string(),
    fc.integer({ min: 60, max: 5000 }).map(deepJson),
    fc.constant(`[${'['.repeat(5000)}`), // deep and broken
    fc.constant(HUGE),
    fc.uint8Array({ maxLength: 2048 }),
    fc.record({ body: fc.anything(), messageId: fc.string(), scheduledEnqueueTimeUtc: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }).map((m) => JSON.stringify(m)),
);

export interface Endpoint {
    name: string;
    /** Paths start with one of these; the random tail follows. */
    prefixes: string[];
    /** Query string (with key, without, with a wrong one). */
    query: fc.Arbitrary<string>;
    headers?: (t: TestHost) => Record<string, string>;
}

/** A request whose 500 is expected: the test app's `throws` function throws on purpose. */
function throwsOnPurpose(m: string, path: string): boolean {
    return (m === 'GET' || m === 'HEAD') && /^\/api\/throws\/?$/i.test(path.split('?')[0]);
}

async function send(t: TestHost, m: string, path: string, h: Record<string, string>, b: string | Uint8Array | undefined): Promise<number> {
    const withBody = b !== undefined && !['GET', 'HEAD'].includes(m.toUpperCase());
    const res = await fetch(`${t.url}${path}`, { method: m, headers: h, body: withBody ? b : undefined, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    await res.arrayBuffer();
    return res.status;
}

function shorten(_key: string, value: unknown): unknown {
    if (typeof value === 'string' && value.length > 120) return `${value.slice(0, 60)}…(${value.length} chars)`;
    if (value instanceof Uint8Array) return `<${value.length} bytes>`;
    return value;
}

export function describeHostProperties(host: () => TestHost, endpoints: Endpoint[]): void {
    test.each(endpoints.map((e) => [e.name, e] as const))('%s: never a 5xx, always an answer', async (_name, e) => {
        const request = fc.record({ prefix: fc.constantFrom(...e.prefixes), tail, query: e.query, method, headers, body });
        const run = await fc.check(fc.asyncProperty(request, async (r) => {
            const path = `${r.prefix}${r.tail}${r.query}`;
            const t = host();
            const status = await send(t, r.method, path, { ...r.headers, ...e.headers?.(t) }, r.body);
            if (status >= 500 && !throwsOnPurpose(r.method.toUpperCase(), path)) throw new Error(`answered ${status}`);
        }), { numRuns: RUNS });
        // the counterexample, with its long strings cut short (fast-check would print them whole)
        if (run.failed) throw new Error(`${String(run.errorInstance)}\n${JSON.stringify(run.counterexample, shorten, 1)}`);
    });
}

const param = fc.tuple(
    fc.oneof(fc.constantFrom('top', 'createdTimeFrom', 'createdTimeTo', 'runtimeStatus', 'showHistory', 'showInput', 'reason', 'instanceIdPrefix', 'q'), fc.string({ maxLength: 8 })),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('0', '-1', '1.5', '99999999999', 'Running,Bogus', '2024-01-01T00:00:00Z', '%ZZ', '')),
).map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`);

/** Random parameters, plus the system key as `code=`, a wrong key, or none. */
export function query(t: () => TestHost): fc.Arbitrary<string> {
    const key = fc.constantFrom('with', 'wrong', 'none').map((k) => (k === 'with' ? [`code=${t().host.systemKey}`] : k === 'wrong' ? ['code=nope'] : []));
    return fc.tuple(key, fc.array(param, { maxLength: 3 })).map(([k, p]) => (k.length + p.length ? `?${[...k, ...p].join('&')}` : ''));
}
