// The simulated Partner Center over HTTP: its refusals in Partner Center's
// error shape, who may read overage, the first purchaser's record, two-tier
// updates, and the move from the legacy Azure offer to an Azure plan.
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { until } from '../helpers/wait';
import { AGENTS, asAgent, entitlement, tenant } from './support';

let sim: SimulatorHost;
beforeAll(async () => { sim = await startSimulatorHost(); });
afterAll(async () => { await sim.stop(); });
afterEach(async () => { await sim.call('POST', '/simulator/reset'); });

const pc = (agent: keyof typeof AGENTS) => asAgent(sim, AGENTS[agent], 'partnercenter');
const overagePath = (nn: number) => `/v1/customers/${tenant(nn)}/subscriptions/overage`;

test('admin agents, sales agents and global admins read overage; a helpdesk agent is refused in Partner Center\'s error shape', async () => {
    for (const agent of ['contosoAdmin', 'contosoSales', 'contosoGlobalAdmin'] as const) expect((await pc(agent)('GET', overagePath(1))).status).toBe(200);
    const helpdesk = await pc('contosoHelpdesk')('GET', overagePath(1));
    expect(helpdesk.status).toBe(403);
    expect(helpdesk.json).toEqual({ code: 'role-not-permitted', description: expect.stringContaining('HelpdeskAgent'), data: [], source: expect.any(String) });
});

test("the legal business profile is the signed-in partner's, with its primary contact; without a token it is 401", async () => {
    const contoso = await pc('contosoSales')('GET', '/v1/profiles/legalbusiness?vettingVersion=Current');
    expect(contoso.status).toBe(200);
    expect(contoso.json).toMatchObject({
        companyName: 'Contoso Telecom', primaryContact: { email: 'ops@contoso-telecom.example' },
        profileType: 'legal_business_profile', attributes: { objectType: 'LegalBusinessProfile' },
    });
    expect((await pc('northwindAdmin')('GET', '/v1/profiles/legalbusiness')).json.primaryContact.email).toBe('office@northwind-reseller.example');
    expect((await sim.call('GET', '/simulator/partnercenter/v1/profiles/legalbusiness')).status).toBe(401);
});

test('before anyone switches overage on, the record names the first purchaser, also to a partner that cannot see that purchase', async () => {
    const record = { azureEntitlementId: null, partnerId: '1002', type: 'PhoneServices', overageEnabled: false, attributes: { objectType: 'Overage' } };
    expect((await pc('contosoSales')('GET', overagePath(6))).json).toEqual({ totalCount: 1, items: [record], attributes: { objectType: 'Collection' } });
    expect((await pc('contosoSales')('GET', `/v1/customers/${tenant(6)}/subscriptions`)).json.items.map((s: { partnerId: string }) => s.partnerId)).toEqual(['1001']);
    expect((await pc('contosoSales')('GET', overagePath(5))).json.totalCount).toBe(0); // nothing that allows overage was bought
});

test('an update is accepted (202) and applied later; a bad body is 400', async () => {
    const accepted = await pc('contosoAdmin')('PUT', overagePath(1), { azureEntitlementId: entitlement(2), overageEnabled: true });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toEqual({ azureEntitlementId: entitlement(2), partnerId: '1001', type: 'PhoneServices', overageEnabled: true, attributes: { objectType: 'Overage' } });
    await until(async () => ((await pc('contosoSales')('GET', overagePath(1))).json.items[0].overageEnabled ? true : undefined));
    for (const body of [{ overageEnabled: 'yes' }, { azureEntitlementId: null, overageEnabled: true }]) {
        const bad = await pc('contosoAdmin')('PUT', overagePath(1), body);
        expect(bad.status).toBe(400);
        expect(bad.json.code).toBe('invalid-request');
    }
    expect((await sim.call('PUT', `/simulator/partnercenter${overagePath(1)}`, '{"overageEnabled":', { authorization: `Bearer ${(await sim.call('POST', '/simulator/token', { ...AGENTS.contosoAdmin, audience: 'https://api.partnercenter.microsoft.com' })).json.access_token}`, 'content-type': 'application/json' })).status).toBe(400);
});

test('two-tier: the reseller is sent to its provider; the provider updates for its reseller, and the record names the reseller', async () => {
    const reseller = await pc('northwindAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true });
    expect(reseller.status).toBe(403);
    expect(reseller.json).toMatchObject({ code: 'indirect-reseller', description: expect.stringContaining('(2001)') });
    const wrong = await pc('tailspinAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true, partnerId: '1002' });
    expect(wrong.json.code).toBe('not-reseller-of-provider');
    const done = await pc('tailspinAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true, partnerId: '3001' });
    expect(done.status).toBe(202);
    expect(done.json.partnerId).toBe('3001');
    const resellers = await pc('tailspinAdmin')('GET', '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf');
    expect(resellers.json.items).toEqual([expect.objectContaining({ mpnId: '3001', name: 'Northwind Reseller', relationshipType: 'IsIndirectResellerOf' })]);
    const providers = await pc('northwindAdmin')('GET', '/v1/relationships?relationship_type=IsIndirectResellerOf');
    expect(providers.json.items).toEqual([expect.objectContaining({ mpnId: '2001' })]);
});

test('the move to an Azure plan: admin agents only, the MCA first, in progress then completed; repeating it is harmless', async () => {
    const transition = (nn: number, agent: keyof typeof AGENTS = 'contosoAdmin') => pc(agent)('POST', `/v1/customers/${tenant(nn)}/azurePlan/transition`);
    expect((await transition(3, 'contosoSales')).json.code).toBe('role-not-permitted');
    expect((await transition(4)).json).toMatchObject({ code: 'mca-not-accepted' });
    expect((await transition(2)).json).toMatchObject({ code: 'no-legacy-offer' });
    const started = await transition(3);
    expect(started.status).toBe(202);
    expect(started.json).toEqual({ state: 'legacy', mcaAccepted: true, transition: 'inProgress' });
    expect((await transition(3)).json.transition).toBe('inProgress');
    const done = await until(async () => {
        const s = (await pc('contosoSales')('GET', `/v1/customers/${tenant(3)}/azurePlan`)).json;
        return s.transition === 'completed' ? s : undefined;
    });
    expect(done.state).toBe('plan');
    const again = await transition(3);
    expect(again.status).toBe(200);
    expect(again.json.transition).toBe('completed');
    const entitlements = (await pc('contosoSales')('GET', `/v1/customers/${tenant(3)}/azureEntitlements`)).json.items;
    expect(entitlements).toEqual([expect.objectContaining({ friendlyName: 'Azure in CSP (legacy)', subscriptionType: 'AzurePlan' })]);
    expect(entitlements[0].id).not.toBe(entitlement(3)); // the legacy subscription was replaced by one under the plan
});

test('a customer of another partner is not found; aliases are the caller\'s own', async () => {
    expect((await pc('litwareAdmin')('GET', `/v1/customers/${tenant(1)}`)).json).toMatchObject({ code: 'customer-not-found' });
    const arm = (agent: keyof typeof AGENTS) => asAgent(sim, AGENTS[agent], 'arm');
    const body = { properties: { displayName: 'Overage', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(1)}` } };
    expect((await arm('contosoAdmin')('PUT', '/providers/Microsoft.Subscription/aliases/mine?api-version=2021-10-01', body)).status).toBe(201);
    expect((await arm('litwareAdmin')('GET', '/providers/Microsoft.Subscription/aliases/mine?api-version=2021-10-01')).status).toBe(404);
    expect((await arm('litwareAdmin')('PUT', '/providers/Microsoft.Subscription/aliases/theirs?api-version=2021-10-01', body)).json.error.code).toBe('AuthorizationFailed');
});

test('a handover away from the first purchaser: once it sets None, the next partner assigns its own subscription', async () => {
    const litware = pc('litwareAdmin');
    const contoso = pc('contosoAdmin');
    const on = { azureEntitlementId: entitlement(6), overageEnabled: true };
    const current = async () => (await contoso('GET', overagePath(6))).json.items[0];
    expect((await litware('PUT', overagePath(6), on)).status).toBe(202);
    await until(async () => ((await current()).overageEnabled ? true : undefined));
    expect((await contoso('PUT', overagePath(6), on)).json.code).toBe('owned-by-another-partner');
    expect((await litware('PUT', overagePath(6), { azureEntitlementId: null, overageEnabled: false })).status).toBe(202);
    await until(async () => ((await current()).overageEnabled === false ? true : undefined));
    expect((await contoso('PUT', overagePath(6), on)).status).toBe(202);
    expect(await until(async () => ((await current()).partnerId === '1001' ? current() : undefined))).toMatchObject({ overageEnabled: true, azureEntitlementId: entitlement(6) });
});
