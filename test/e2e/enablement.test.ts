// Enabling overage end to end through the local host: the product's HTTP API,
// the enableOverage orchestration and the simulator, one demo-world customer
// per rule and blocker.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

type Agent = Parameters<AppHost['as']>[0];
const enable = (...args: Parameters<AppHost['enable']>) => app.enable(...args);

async function run(customer: string, body: Record<string, unknown>, agent: Agent = 'contosoAdmin') {
    const res = await enable(customer, body, agent);
    expect(res.status).toBe(202);
    return app.finish(res.headers.get('location')!, agent);
}

const codes = (output: { blockers?: Array<{ code: string; remedy: string }>; warnings?: Array<{ code: string }> }) => {
    for (const b of output.blockers ?? []) expect(b.remedy.length).toBeGreaterThan(10);
    return (output.blockers ?? []).map((b) => b.code);
};

test('happy path: an existing subscription under the plan gets overage', async () => {
    const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000002' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.json.links.self);
    expect(res.json).toMatchObject({ customerTenantId: CUSTOMERS.fabrikam, partnerId: '1001', kind: 'enable', status: 'running', joined: false });
    const done = await app.finish(res.headers.get('location')!);
    expect(done).toMatchObject({ status: 'completed', step: 'done', result: 'enabled', azureEntitlementId: '30000000-0000-4000-8000-000000000002', postpaidActive: true });
    expect(done.endedAt).toEqual(expect.any(String));
    const pc = await app.as('contosoSales')('GET', `/api/v1/customers/${CUSTOMERS.fabrikam}/subscriptions/overage`);
    expect(pc.json.items).toEqual([expect.objectContaining({ partnerId: '1001', overageEnabled: true, azureEntitlementId: '30000000-0000-4000-8000-000000000002' })]);
});

test('no Azure at all: a no-cost plan with "Subscription 1" is created, then used', async () => {
    const done = await run(CUSTOMERS.woodgrove, { azureEntitlementId: 'new' });
    expect(done.result).toBe('enabled');
    const subs = await app.call('GET', `/simulator/customers/${CUSTOMERS.woodgrove}`);
    expect(subs.json.azure).toMatchObject({ kind: 'plan', entitlements: [{ id: done.azureEntitlementId, name: 'Subscription 1' }] });
});

test('legacy Azure offer: the customer moves to a plan first, then gets a new subscription', async () => {
    const done = await run(CUSTOMERS.alpine, { azureEntitlementId: 'new', subscriptionName: 'Teams overage' });
    expect(done.result).toBe('enabled');
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.alpine}`);
    expect(c.json.azure.kind).toBe('plan');
    expect(c.json.azure.entitlements).toContainEqual({ id: done.azureEntitlementId, name: 'Teams overage' });
});

test.each([
    ['bellows (legacy, no MCA)', 'blocked', 'mca-not-accepted', CUSTOMERS.bellows, 'contosoAdmin'],
    ['coho (no overage SKU)', 'refused', 'not-eligible', CUSTOMERS.coho, 'contosoAdmin'],
    ['trey (another partner bought first)', 'refused', 'owned-by-another-partner', CUSTOMERS.trey, 'contosoAdmin'],
    ['proseware (no GDAP)', 'blocked', 'gdap-missing', CUSTOMERS.proseware, 'contosoAdmin'],
    ["margie's (token protection)", 'blocked', 'conditional-access-blocked', CUSTOMERS.margies, 'contosoAdmin'],
    ['humongous (allowed locations)', 'blocked', 'location-policy-blocked', CUSTOMERS.humongous, 'contosoAdmin'],
    ['tailwind (sandbox partner)', 'blocked', 'sandbox-no-azure-plan', CUSTOMERS.tailwind, 'adatumAdmin'],
] as const)('%s: %s, %s', async (_name, result, code, customer, agent) => {
    const done = await run(customer, { azureEntitlementId: 'new' }, agent);
    expect(done.status).toBe('completed');
    expect(done.result).toBe(result);
    expect(codes(done)).toContain(code);
    expect(done.postpaidActive).toBe(false);
});

test('positive credits: enabled, with the warning that credits drain first', async () => {
    const done = await run(CUSTOMERS.graphicDesign, { azureEntitlementId: 'new' });
    expect(done).toMatchObject({ result: 'enabled', postpaidActive: false, warnings: [expect.objectContaining({ code: 'credits-drain-first' })] });
});

test('auto-recharge on: overage is set anyway, the run warns with the remedy, and the customer admin is mailed once', async () => {
    await app.call('DELETE', '/simulator/mailbox');
    const done = await run(CUSTOMERS.fineArt, { azureEntitlementId: 'new' });
    expect(done).toMatchObject({ status: 'completed', result: 'enabled', postpaidActive: false });
    expect(done.warnings).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: 'auto-recharge-on', remedy: expect.stringContaining('turn off auto-recharge') }),
        expect.objectContaining({ code: 'credits-drain-first' }),
    ]));
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.fineArt}`);
    expect(c.json.overage).toEqual([expect.objectContaining({ partnerId: '1001', overageEnabled: true, azureEntitlementId: done.azureEntitlementId })]);
    const mail = (await app.call('GET', '/simulator/mailbox')).json;
    expect(mail).toEqual([expect.objectContaining({ to: ['it@school-of-fine-art.example'], subject: expect.stringContaining('auto-recharge') })]);
    const diagnostics = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage/diagnostics`);
    expect(diagnostics.json).toMatchObject({ postpaidActive: false, payer: 'communicationsCredits' });
    expect(diagnostics.json.reasons.map((r: { code: string }) => r.code)).toContain('auto-recharge-on');
});

test('auto-recharge on with waitForAutoRechargeOff: overage is on at once, and the run watches until the customer turns it off', async () => {
    await app.call('POST', `/simulator/customers/${CUSTOMERS.fineArt}`, { credits: { balance: 0, autoRecharge: { enabled: true, amount: 25, threshold: 5 } } });
    const res = await enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const waiting = await until(async () => {
        const r = (await app.as('contosoAdmin')('GET', new URL(location).pathname)).json;
        return r.waitingFor?.includes('auto-recharge') ? r : undefined;
    });
    expect(waiting).toMatchObject({ status: 'running', step: 'credits', until: expect.any(String) });
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.fineArt}`);
    expect(c.json.overage[0]).toMatchObject({ overageEnabled: true }); // no gap: overage is on while the run waits
    await app.call('POST', `/simulator/customers/${CUSTOMERS.fineArt}`, { credits: { autoRecharge: { enabled: false } } });
    const done = await app.finish(location);
    expect(done).toMatchObject({ status: 'completed', result: 'enabled', postpaidActive: true });
    expect(done.warnings ?? []).toEqual([]);
});

test('an indirect reseller is refused at once, naming its provider; the provider enables for it', async () => {
    const refused = await enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new' }, 'northwindAdmin');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toMatchObject({ code: 'indirect-reseller' });
    expect(refused.json.remedy).toContain('2001');
    const done = await run(CUSTOMERS.wideWorld, { azureEntitlementId: 'new', resellerPartnerId: '3001' }, 'tailspinAdmin');
    expect(done.result).toBe('enabled');
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.wideWorld}`);
    expect(c.json.overage).toEqual([expect.objectContaining({ partnerId: '3001', overageEnabled: true })]);
});

describe('synchronous refusals', () => {
    test('401 without a valid token', async () => {
        const res = await app.call('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' });
        expect(res.status).toBe(401);
        expect(res.json.code).toBe('unauthenticated');
        expect((await app.call('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, {}, { authorization: 'Bearer nope' })).status).toBe(401);
    });

    test('403 role-not-permitted for a sales agent; 404 for a customer of another partner', async () => {
        const sales = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: 'new' }, 'contosoSales');
        expect(sales.status).toBe(403);
        expect(sales.json.code).toBe('role-not-permitted');
        const other = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: 'new' }, 'litwareAdmin');
        expect(other.status).toBe(404);
        expect(other.json.code).toBe('customer-not-found');
    });

    test('400 invalid-request lists the zod issues', async () => {
        const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: 'not-a-guid', colour: 'blue' });
        expect(res.status).toBe(400);
        expect(res.json.code).toBe('invalid-request');
        expect(res.json.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['azureEntitlementId']));
        expect((await app.as('contosoAdmin')('POST', `/api/customers/not-a-tenant/overage/enablements`, {})).status).toBe(400);
    });
});

test('a repeat while a run is going returns the running one; so does the same Idempotency-Key', async () => {
    const first = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': 'k-1' });
    const again = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
    expect(first.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.joined).toBe(true);
    await app.finish(first.headers.get('location')!);
    const sameKey = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': 'k-1' });
    expect(sameKey.status).toBe(202);
    expect(sameKey.json).toMatchObject({ id: first.json.id, joined: true, status: 'completed' });
    const otherBody = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new', subscriptionName: 'Other' }, 'contosoAdmin', { 'idempotency-key': 'k-1' });
    expect(otherBody.status).toBe(409);
    expect(otherBody.json).toMatchObject({ code: 'idempotency-key-reused', runId: first.json.id });
});
