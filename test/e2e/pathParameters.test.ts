// No input kills the host (issue 18, observation 7): every route, each of its
// path parameters in turn replaced by what a hostile or careless client
// sends (very long, control characters, non-ASCII, encoded slashes, NUL;
// dot segments are not sent: a URL resolves them before they leave),
// every method it serves, with no credentials, with the operator key and with
// an admin's token. No answer may be a 5xx or hang, refusals are problem
// details, and the host still answers afterwards.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
let token: string;
beforeAll(async () => {
    app = await startAppHost();
    token = await app.token('contosoAdmin');
});
afterAll(async () => { await app.stop(); });

const HOSTILE = ['x'.repeat(3000), 'x'.repeat(300), '%00', 'a%00b', '%0D%0Aset-cookie:%20x=1', '%F0%9F%98%80', '%C0%AF', '%E2%82', '%2F..%2F', '%20', 'a%22b', '%7F', '%1B%5B31m'];
/** A valid value per parameter, so each hostile value is met where it stands. */
const VALID: Record<string, string> = {
    customerTenantId: CUSTOMERS.lucerne, month: '2026-11', runs: 'runs', runId: `enableOverage-${CUSTOMERS.lucerne}-000000000000`,
    handoverId: `partnerHandover-${CUSTOMERS.lucerne}-000000000000`, partnerId: '1001', file: '2026-11.csv', token: 'e30.e30.e30',
};

interface Route { template: string; methods: string[] }

/** Every route the OpenAPI document names, with its methods, plus the console and docs files. */
async function routes(): Promise<Route[]> {
    const doc = (await app.call('GET', '/api/openapi.json')).json;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).map(([path, ops]) => ({
        template: path, methods: Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m)).map((m) => m.toUpperCase()),
    }));
    return [...documented, { template: '/api/console/{file}', methods: ['GET'] }, { template: '/api/docs/{file}', methods: ['GET'] }];
}

function variants(template: string): string[] {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const fill = (bad: string | undefined, at: string) => template.replace(/\{(\w+)\}/g, (_, n: string) => (n === at && bad !== undefined ? bad : VALID[n] ?? 'x'));
    return names.flatMap((n) => HOSTILE.map((bad) => fill(bad, n)));
}

test('every route, every method, each path parameter hostile, with and without credentials: no 5xx, problem details, the host lives', async () => {
    const all = await routes();
    expect(all.length).toBeGreaterThan(15);
    const failures: string[] = [];
    let requests = 0;
    for (const { template, methods } of all) {
        for (const path of variants(template)) {
            for (const method of methods) {
                for (const credentials of [{}, { 'x-functions-key': app.host.systemKey }, { authorization: `Bearer ${token}` }] as Array<Record<string, string>>) {
                    requests++;
                    const withBody = method === 'POST' || method === 'PUT';
                    const res = await fetch(`${app.url}${path}`, {
                        method, headers: { ...credentials, ...(withBody ? { 'content-type': 'application/json' } : {}) }, body: withBody ? '{}' : undefined, signal: AbortSignal.timeout(15_000),
                    });
                    const text = await res.text();
                    const who = Object.keys(credentials)[0] ?? 'anonymous';
                    if (res.status >= 500) failures.push(`${method} ${path.slice(0, 120)} (${who}) → ${res.status} ${text.slice(0, 200)}`);
                    else if (res.status >= 400 && path.startsWith('/api/') && !path.startsWith('/api/console') && !path.startsWith('/api/docs') && !/problem\+json|text\/html/.test(res.headers.get('content-type') ?? '')) {
                        failures.push(`${method} ${path.slice(0, 120)} (${who}) → ${res.status} as ${res.headers.get('content-type')}`);
                    }
                }
            }
        }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
    expect((await app.call('GET', '/api/health')).status).toBe(200);
}, 300_000);
