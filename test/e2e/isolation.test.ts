// Tenant isolation, as a partner would try it against the demo world: each
// test is one observation of issue 7 (the system key handed to partners,
// ownership decided after a subscription was made, an unchecked reseller, a
// disable silently joining an enable, another partner's audit trail, bad
// idempotency keys).
import { LocalQueueSender } from '../../shared/adapters/messaging/localQueueSender';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

type Agent = Parameters<AppHost['as']>[0];
const enable = (...args: Parameters<AppHost['enable']>) => app.enable(...args);
const pathOf = (url: string) => new URL(url).pathname;
const entitlements = async (customer: string): Promise<Array<{ id: string; name: string }>> =>
    (await app.call('GET', `/simulator/customers/${customer}`)).json.azure.entitlements;

describe('1. the system key never reaches a partner', () => {
    test('the 202 of a POST and of a PUT, their Location, and the run resource carry no key and no Durable URL', async () => {
        const key = app.host.systemKey;
        const post = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000001' });
        expect(post.status).toBe(202);
        for (const text of [post.text, post.headers.get('location')!]) {
            expect(text).not.toContain(key);
            expect(text).not.toContain('/runtime/webhooks');
        }
        expect(post.headers.get('location')).toBe(`${app.url}/api/customers/${CUSTOMERS.fabrikam}/overage/runs/${post.json.id}`);
        const done = await app.finish(post.headers.get('location')!);
        expect(JSON.stringify(done)).not.toContain(key);

        const entitlement = (await entitlements(CUSTOMERS.vanArsdel))[0].id;
        const put = await app.as('contosoAdmin')('PUT', `/api/v1/customers/${CUSTOMERS.vanArsdel}/subscriptions/overage`, { azureEntitlementId: entitlement, overageEnabled: true });
        expect(put.status).toBe(202);
        expect(put.text + put.headers.get('location')).not.toContain(key);
        await app.finish(put.headers.get('location')!);
        const status = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.vanArsdel}/overage`);
        expect(status.json.lastRun).toMatchObject({ id: put.json.id, status: 'completed' });
        expect(status.text).not.toContain(key);
    });

    test('another partner cannot read or cancel a run (404), nor reach the Durable API with its token', async () => {
        const post = await enable(CUSTOMERS.trey, { azureEntitlementId: 'new' });
        const runPath = pathOf(post.headers.get('location')!);
        const litware = app.as('litwareAdmin');
        expect((await litware('GET', runPath)).status).toBe(404);
        expect((await litware('DELETE', runPath)).status).toBe(404);
        expect((await litware('GET', `/api/customers/${CUSTOMERS.trey}/overage/runs`)).json.items.map((r: { id: string }) => r.id)).not.toContain(post.json.id);
        const token = await app.token('litwareAdmin');
        for (const [method, path] of [['GET', '/runtime/webhooks/durabletask/instances'], ['POST', `/runtime/webhooks/durabletask/instances/${post.json.id}/terminate`], ['POST', '/runtime/webhooks/durabletask/orchestrators/enableOverage']]) {
            expect((await app.call(method, path, undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
        }
        expect((await app.as('contosoSales')('GET', runPath)).status).toBe(200);
    });

    test('an operator holding the system key sees the Durable management links of any run', async () => {
        const post = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
        await app.finish(post.headers.get('location')!);
        const op = await app.call('GET', pathOf(post.headers.get('location')!), undefined, { 'x-functions-key': app.host.systemKey });
        expect(op.status).toBe(200);
        expect(op.json.management.statusQueryGetUri).toContain(`code=${app.host.systemKey}`);
        expect((await app.call('GET', pathOf(post.headers.get('location')!), undefined, { 'x-functions-key': 'guess' })).status).toBe(401);
    });
});

test('3. a partner that does not own overage is refused before any subscription is created', async () => {
    const before = await entitlements(CUSTOMERS.trey);
    const post = await enable(CUSTOMERS.trey, { azureEntitlementId: 'new' });
    const done = await app.finish(post.headers.get('location')!);
    expect(done).toMatchObject({ status: 'completed', result: 'refused', blockers: [expect.objectContaining({ code: 'owned-by-another-partner' })] });
    expect(done.blockers[0].detail).toContain('1002');
    expect(await entitlements(CUSTOMERS.trey)).toEqual(before);
    const steps = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.trey}/overage/audit?runId=${post.json.id}`)).json.items.map((e: { step: string }) => e.step);
    expect(steps).toContain('ownership');
    expect(steps).not.toContain('azure-subscription');
});

describe('4. a named reseller must be one of the caller\'s own resellers', () => {
    test('a direct partner naming another partner is refused at once, and nothing starts', async () => {
        const started = Date.now();
        const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: 'new', resellerPartnerId: '3001' });
        expect(res.status).toBe(403);
        expect(res.json).toMatchObject({ code: 'not-reseller-of-provider' });
        expect(res.json.detail).toContain('direct partner');
        expect(Date.now() - started).toBeLessThan(3000);
        const runs = await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fabrikam}/overage/runs`);
        expect(runs.json.items.filter((r: { request: { resellerPartnerId?: string } }) => r.request.resellerPartnerId)).toEqual([]);
    });

    test('an indirect provider naming a partner that is not its reseller is refused; its own reseller is fine', async () => {
        const wrong = await enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new', resellerPartnerId: '1002' }, 'tailspinAdmin');
        expect(wrong.status).toBe(403);
        expect(wrong.json.code).toBe('not-reseller-of-provider');
        const right = await enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new', resellerPartnerId: '3001' }, 'tailspinAdmin');
        expect(right.status).toBe(202);
        await app.finish(right.headers.get('location')!, 'tailspinAdmin');
        // the reseller the run acted for may follow it too
        expect((await app.as('northwindAdmin')('GET', pathOf(right.headers.get('location')!))).status).toBe(200);
    });

    test('over Service Bus, a wrong reseller is refused before any run starts: rejected once, with its reason', async () => {
        await new LocalQueueSender(app.url, app.host.systemKey).send('overage-enablement-requests', [{
            body: { customerTenantId: CUSTOMERS.blueYonder, service: 'PhoneServices', azureEntitlementId: 'new', resellerPartnerId: '3001' },
            messageId: 'sb-reseller-1', applicationProperties: { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' },
        }]);
        await until(async () => ((await app.call('GET', '/admin/queues/overage-enablement-requests-rejected', undefined, { 'x-functions-key': app.host.systemKey })).json.active > 0 ? true : undefined), 5000);
        const kept = await app.host.queues.receive('overage-enablement-requests-rejected');
        expect(kept?.body).toMatchObject({ deadLetterReason: 'not-reseller-of-provider', originalMessageId: 'sb-reseller-1' });
        expect((await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.blueYonder}/overage/runs`)).json.items).toEqual([]);
        expect(app.host.queues.listDeadLetters('overage-enablement-requests')).toHaveLength(0);
    });
});

describe('5. one run per customer and service', () => {
    test('a disable during an enable, or an enable with another subscription, gets 409 naming the run; the same request joins; after a cancel the disable starts', async () => {
        await app.call('POST', `/simulator/customers/${CUSTOMERS.fineArt}`, { credits: { balance: 0, autoRecharge: { enabled: true, amount: 25, threshold: 5 } } });
        const first = await enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
        expect(first.status).toBe(202);
        const runPath = pathOf(first.headers.get('location')!);
        await until(async () => ((await app.as('contosoAdmin')('GET', runPath)).json.waitingFor ? true : undefined));

        const disable = await app.as('contosoAdmin')('PUT', `/api/v1/customers/${CUSTOMERS.fineArt}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false });
        expect(disable.status).toBe(409);
        expect(disable.json).toMatchObject({ code: 'run-in-progress', runId: first.json.id, partnerId: '1001' });
        const other = await enable(CUSTOMERS.fineArt, { azureEntitlementId: '30000000-0000-4000-8000-000000000014', waitForAutoRechargeOff: true });
        expect(other.status).toBe(409);
        expect(other.json.runId).toBe(first.json.id);
        const same = await enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
        expect(same.json).toMatchObject({ id: first.json.id, joined: true });

        const cancelled = await app.as('contosoAdmin')('DELETE', runPath);
        expect(cancelled.status).toBe(200);
        expect(cancelled.json).toMatchObject({ status: 'cancelled', cancelledBy: 'admin@contoso-telecom.example' });
        expect((await app.as('contosoAdmin')('DELETE', runPath)).status).toBe(409);
        const audit = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage/audit?runId=${first.json.id}`)).json.items;
        expect(audit[0]).toMatchObject({ step: 'cancel', result: 'cancelled' });
        const later = await until(async () => {
            const r = await app.as('contosoAdmin')('PUT', `/api/v1/customers/${CUSTOMERS.fineArt}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false });
            return r.status === 202 ? r : undefined;
        });
        expect(await app.finish(later.headers.get('location')!)).toMatchObject({ kind: 'disable', result: 'disabled' });
    });

    test('a sales agent cannot cancel, and a 409 for another partner does not name that partner', async () => {
        await app.call('POST', `/simulator/customers/${CUSTOMERS.lucerne}`, { credits: { balance: 0, autoRecharge: { enabled: true, amount: 10, threshold: 2 } } });
        const first = await enable(CUSTOMERS.lucerne, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
        expect(first.status).toBe(202);
        expect((await app.as('contosoSales')('DELETE', pathOf(first.headers.get('location')!))).status).toBe(403);
        const litware = await enable(CUSTOMERS.lucerne, { azureEntitlementId: 'new' }, 'litwareAdmin');
        expect(litware.status).toBe(409);
        expect(litware.json.code).toBe('run-in-progress');
        expect(litware.json.partnerId).toBeUndefined();
        expect(litware.text).not.toContain('1001');
        await app.as('contosoAdmin')('DELETE', pathOf(first.headers.get('location')!));
    });
});

test('6. the audit trail of a shared customer shows each partner only its own runs', async () => {
    const contoso = await enable(CUSTOMERS.trey, { azureEntitlementId: 'new' });
    await app.finish(contoso.headers.get('location')!);
    const litware = await enable(CUSTOMERS.trey, { azureEntitlementId: 'new' }, 'litwareAdmin');
    await app.finish(litware.headers.get('location')!, 'litwareAdmin');
    const seenBy = async (agent: Agent, query = '') => (await app.as(agent)('GET', `/api/customers/${CUSTOMERS.trey}/overage/audit${query}`)).json.items as Array<{ runId: string; actor: { partnerId: string } }>;
    const litwareView = await seenBy('litwareAdmin');
    expect(litwareView.length).toBeGreaterThan(0);
    expect(new Set(litwareView.map((e) => e.actor.partnerId))).toEqual(new Set(['1002']));
    expect(await seenBy('litwareAdmin', `?runId=${contoso.json.id}`)).toEqual([]);
    const contosoView = await seenBy('contosoSales');
    expect(contosoView.map((e) => e.runId)).not.toContain(litware.json.id);
    expect(contosoView.map((e) => e.runId)).toContain(contoso.json.id);
});

describe('7. idempotency keys are hashed, so any printable key works', () => {
    test.each(['a/b', 'a\\b', 'what?', '#hash', 'x'.repeat(255)])('%s', async (key) => {
        const first = await enable(CUSTOMERS.coho, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': key });
        expect(first.status).toBe(202);
        await app.finish(first.headers.get('location')!);
        const again = await enable(CUSTOMERS.coho, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': key });
        expect(again.json).toMatchObject({ id: first.json.id, joined: true });
    });

    test('a key longer than 255 characters is a 400 problem', async () => {
        const res = await enable(CUSTOMERS.coho, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': 'x'.repeat(300) });
        expect(res.status).toBe(400);
        expect(res.json.code).toBe('invalid-idempotency-key');
    });
});
