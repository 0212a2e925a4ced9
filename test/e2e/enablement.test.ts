// Enabling overage end to end through the local host: the product's HTTP API,
// the enableOverage orchestration and the simulator, one demo-world customer
// per rule and blocker.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

type Agent = Parameters<AppHost['as']>[0];
const enable = (customer: string, body: Record<string, unknown>, agent: Agent = 'contosoAdmin', headers: Record<string, string> = {}) =>
    app.as(agent)('POST', `/api/customers/${customer}/overage/enablements`, { service: 'PhoneServices', ...body }, headers);

async function run(customer: string, body: Record<string, unknown>, agent: Agent = 'contosoAdmin') {
    const res = await enable(customer, body, agent);
    expect(res.status).toBe(202);
    return app.finish(res.json.statusQueryGetUri);
}

const codes = (output: { blockers?: Array<{ code: string; remedy: string }> }) => {
    for (const b of output.blockers ?? []) expect(b.remedy.length).toBeGreaterThan(10);
    return (output.blockers ?? []).map((b) => b.code);
};

test('happy path: an existing subscription under the plan gets overage', async () => {
    const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000002' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.json.statusQueryGetUri);
    for (const k of ['id', 'statusQueryGetUri', 'sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri']) expect(typeof res.json[k]).toBe('string');
    const done = await app.finish(res.json.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({ result: 'enabled', azureEntitlementId: '30000000-0000-4000-8000-000000000002', postpaidActive: true });
    const pc = await app.as('contosoSales')('GET', `/api/v1/customers/${CUSTOMERS.fabrikam}/subscriptions/overage`);
    expect(pc.json.items).toEqual([expect.objectContaining({ partnerId: '1001', overageEnabled: true, azureEntitlementId: '30000000-0000-4000-8000-000000000002' })]);
});

test('no Azure at all: a no-cost plan with "Subscription 1" is created, then used', async () => {
    const done = await run(CUSTOMERS.woodgrove, { azureEntitlementId: 'new' });
    expect(done.output.result).toBe('enabled');
    const subs = await app.call('GET', `/simulator/customers/${CUSTOMERS.woodgrove}`);
    expect(subs.json.azure).toMatchObject({ kind: 'plan', entitlements: [{ id: done.output.azureEntitlementId, name: 'Subscription 1' }] });
});

test('legacy Azure offer: the customer moves to a plan first, then gets a new subscription', async () => {
    const done = await run(CUSTOMERS.alpine, { azureEntitlementId: 'new', subscriptionName: 'Teams overage' });
    expect(done.output.result).toBe('enabled');
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.alpine}`);
    expect(c.json.azure.kind).toBe('plan');
    expect(c.json.azure.entitlements).toContainEqual({ id: done.output.azureEntitlementId, name: 'Teams overage' });
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
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output.result).toBe(result);
    expect(codes(done.output)).toContain(code);
    expect(done.output.postpaidActive).toBe(false);
});

test('positive credits: enabled, with the warning that credits drain first', async () => {
    const done = await run(CUSTOMERS.graphicDesign, { azureEntitlementId: 'new' });
    expect(done.output).toMatchObject({ result: 'enabled', postpaidActive: false, warnings: [expect.objectContaining({ code: 'credits-drain-first' })] });
});

test('auto-recharge on: the customer admin is mailed; without waiting the run is blocked', async () => {
    await app.call('DELETE', '/simulator/mailbox');
    const done = await run(CUSTOMERS.fineArt, { azureEntitlementId: 'new' });
    expect(done.output.result).toBe('blocked');
    expect(codes(done.output)).toEqual(['auto-recharge-on']);
    const mail = (await app.call('GET', '/simulator/mailbox')).json;
    expect(mail).toEqual([expect.objectContaining({ to: ['it@school-of-fine-art.example'], subject: expect.stringContaining('auto-recharge') })]);
});

test('auto-recharge on with waitForAutoRechargeOff: the run waits until the customer turns it off', async () => {
    const res = await enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
    const status = new URL(res.json.statusQueryGetUri as string);
    for (let i = 0; ; i++) {
        const s = await app.call('GET', status.pathname + status.search);
        if (s.json.customStatus?.waitingFor?.includes('auto-recharge')) break;
        if (i > 200) throw new Error(`never waited: ${JSON.stringify(s.json)}`);
        await new Promise((r) => setTimeout(r, 20));
    }
    await app.call('POST', `/simulator/customers/${CUSTOMERS.fineArt}`, { credits: { autoRecharge: { enabled: false } } });
    const done = await app.finish(res.json.statusQueryGetUri);
    expect(done.output).toMatchObject({ result: 'enabled', postpaidActive: false, warnings: [expect.objectContaining({ code: 'credits-drain-first' })] });
});

test('an indirect reseller is refused at once, naming its provider; the provider enables for it', async () => {
    const refused = await enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new' }, 'northwindAdmin');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toMatchObject({ code: 'indirect-reseller' });
    expect(refused.json.remedy).toContain('2001');
    const done = await run(CUSTOMERS.wideWorld, { azureEntitlementId: 'new', resellerPartnerId: '3001' }, 'tailspinAdmin');
    expect(done.output.result).toBe('enabled');
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
    const first = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new', waitForAutoRechargeOff: true }, 'contosoAdmin', { 'idempotency-key': 'k-1' });
    const again = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.joined).toBe(true);
    await app.finish(first.json.statusQueryGetUri);
    const sameKey = await enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' }, 'contosoAdmin', { 'idempotency-key': 'k-1' });
    expect(sameKey.json.id).toBe(first.json.id);
});

test('two partners racing for one customer: exactly one ends up owner', async () => {
    const [a, b] = await Promise.all([
        enable(CUSTOMERS.trey, { azureEntitlementId: 'new' }, 'contosoAdmin'),
        enable(CUSTOMERS.trey, { azureEntitlementId: 'new' }, 'litwareAdmin'),
    ]);
    expect(a.json.id).not.toBe(b.json.id); // each partner runs its own request
    const [contoso, litware] = await Promise.all([a, b].map((r) => app.finish(r.json.statusQueryGetUri)));
    expect(litware.output.result).toBe('enabled');
    expect(contoso.output).toMatchObject({ result: 'refused', blockers: [expect.objectContaining({ code: 'owned-by-another-partner' })] });
    const c = await app.call('GET', `/simulator/customers/${CUSTOMERS.trey}`);
    const owners = c.json.overage.filter((o: { overageEnabled: boolean }) => o.overageEnabled).map((o: { partnerId: string }) => o.partnerId);
    expect(owners).toEqual(['1002']);
});
