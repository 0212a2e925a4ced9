// Issue 7, observations 9, 10 and 12: how faults of Microsoft's APIs end up.
// A run that fails is recorded as failed (final audit event, final status, a
// problem-like error without internal URLs) and frees the customer; a slow or
// throttling Partner Center makes synchronous reads answer within their budget
// with 503/504 and Retry-After; and retries happen in one place, bounded.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

const BUDGET_MS = 1500;
let app: AppHost;
beforeAll(async () => {
    process.env.SYNC_READ_BUDGET_MS = String(BUDGET_MS);
    app = await startAppHost();
});
afterAll(async () => {
    delete process.env.SYNC_READ_BUDGET_MS;
    await app.stop();
});
afterEach(async () => { await app.call('DELETE', '/simulator/faults'); });

const OVERAGE_PATH = '^/v1/customers/[^/]+/subscriptions/overage$';
const setFaults = (faults: unknown[]) => app.call('POST', '/simulator/faults', { faults });
/** How many requests a fault with `times` has caught so far. */
const caught = async (times: number) => times - (await app.call('GET', '/simulator/faults')).json[0].remaining;
const enable = (customer: string, body: Record<string, unknown>) => app.enable(customer, body);

test('9 + 12. a run that fails is recorded as failed, without internal URLs, after a bounded number of attempts, and frees the customer', async () => {
    await setFaults([{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status500', times: 100 }]);
    const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000001' });
    const done = await app.finish(res.headers.get('location')!, 'contosoAdmin', 30_000);
    expect(done).toMatchObject({ status: 'failed', step: 'failed', error: { code: 'upstream-unavailable', detail: expect.stringContaining('Partner Center'), remedy: expect.any(String) } });
    // everything but the run's own links: no URL, host or upstream path of Microsoft's APIs
    const { links: _links, ...withoutLinks } = done;
    expect(JSON.stringify(withoutLinks)).not.toMatch(/https?:|localhost|\/v1\//);
    // one retry policy: the client's 4 attempts, not 4 durable retries of 5 client attempts each
    expect(await caught(100)).toBe(4);

    const audit = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fabrikam}/overage/audit?runId=${res.json.id}`)).json.items;
    expect(audit[0]).toMatchObject({ step: 'set-overage', result: 'failed', detail: expect.stringContaining('upstream-unavailable') });
    const instance = await app.instance(res.json.id);
    expect(instance.runtimeStatus).toBe('Failed');
    expect(instance.customStatus).toMatchObject({ step: 'failed', failedAt: 'set-overage', error: { code: 'upstream-unavailable' } });
    expect(String(instance.output)).not.toContain('http');
    const logged = app.logs.filter((l) => l.function === 'enableOverage' && l.outcome === 'failed');
    expect(logged.length).toBeGreaterThan(0);
    expect(String(logged[logged.length - 1].error)).toContain('upstream-unavailable');

    await app.call('DELETE', '/simulator/faults');
    const next = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000001' });
    expect(next.json).toMatchObject({ joined: false });
    expect((await app.finish(next.headers.get('location')!)).result).toBe('enabled');
});

test('12. a throttled step waits as Partner Center asks and then succeeds, within its budget', async () => {
    await setFaults([{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status429', retryAfterSeconds: 1, times: 2 }]);
    const res = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
    const done = await app.finish(res.headers.get('location')!, 'contosoAdmin', 30_000);
    expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
    expect(await caught(2)).toBe(2);
});

describe('10. synchronous reads give up within their budget', () => {
    test('a Partner Center that does not answer: 504 problem with Retry-After, in about the budget, naming no URL', async () => {
        await setFaults([{ match: { method: 'GET', pathPattern: OVERAGE_PATH }, kind: 'timeout' }]);
        for (const path of [`/api/customers/${CUSTOMERS.fabrikam}/overage`, `/api/v1/customers/${CUSTOMERS.fabrikam}/subscriptions/overage`]) {
            const started = Date.now();
            const res = await app.as('contosoSales')('GET', path);
            const took = Date.now() - started;
            expect(res.status).toBe(504);
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            expect(res.json).toMatchObject({ code: 'upstream-timeout', title: 'Gateway Timeout', detail: expect.stringContaining('Partner Center') });
            expect(`${res.json.detail} ${res.json.remedy}`).not.toMatch(/https?:|localhost|\/v1\//);
            expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
            expect(took).toBeGreaterThanOrEqual(BUDGET_MS - 100);
            expect(took).toBeLessThan(BUDGET_MS + 3000);
        }
    });

    test('throttling with Retry-After: 30 becomes a 503 with Retry-After: 30 at once', async () => {
        await setFaults([{ match: { method: 'GET', pathPattern: OVERAGE_PATH }, kind: 'status429', retryAfterSeconds: 30 }]);
        const started = Date.now();
        const res = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.fabrikam}/overage`);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('30');
        expect(res.json).toMatchObject({ code: 'upstream-throttled', detail: expect.stringContaining('Partner Center') });
        expect(Date.now() - started).toBeLessThan(1000);
    });
});
