// The simulated Microsoft.Billing provider driven by the real
// @azure/arm-billing 4.1.0 client: the requests it sends (path, api-version,
// $expand) are the ones the simulator serves, and what the simulator answers
// deserializes into the SDK's models, pages and errors.
import { BillingManagementClient } from '@azure/arm-billing';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { Agent, AGENTS, AUDIENCE, tenant, tokenFor } from './support';

const CONTOSO_ACCOUNT = '1001:mpa';
const FABRIKAM = tenant(1);
let sim: SimulatorHost;

beforeAll(async () => { sim = await startSimulatorHost(); });
afterAll(async () => { await sim.stop(); });

/**
 * The SDK as an app would build it. Its bearer policy refuses plain http, and
 * core-rest-pipeline allows http only with `allowInsecureConnection`, so on
 * loopback the token is set by a policy of our own that allows it.
 */
function billing(agent: Agent = AGENTS.contosoAdmin, audience: string = AUDIENCE.arm, seen: PipelineRequest[] = []): BillingManagementClient {
    const credential: TokenCredential = { getToken: async () => ({ token: await tokenFor(sim, agent, audience), expiresOnTimestamp: Date.now() + 600_000 }) };
    const client = new BillingManagementClient(credential, '00000000-0000-0000-0000-000000000000', { endpoint: sim.endpoints.arm, retryOptions: { maxRetries: 0 } });
    client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
    client.pipeline.addPolicy({
        name: 'loopbackBearer',
        async sendRequest(request, next) {
            request.headers.set('authorization', `Bearer ${(await credential.getToken(AUDIENCE.arm))!.token}`);
            request.allowInsecureConnection = true;
            seen.push(request);
            return next(request);
        },
    });
    return client;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of items) out.push(item);
    return out;
}

test('customers.get sends api-version 2020-05-01 and $expand, and gets the Azure plan and resellers back', async () => {
    const seen: PipelineRequest[] = [];
    const c = await billing(AGENTS.contosoAdmin, AUDIENCE.arm, seen).customers.get(CONTOSO_ACCOUNT, FABRIKAM, { expand: 'enabledAzurePlans,resellers' });
    const url = new URL(seen[0].url);
    expect(url.pathname).toBe(`/simulator/arm/providers/Microsoft.Billing/billingAccounts/${encodeURIComponent(CONTOSO_ACCOUNT)}/customers/${FABRIKAM}`);
    expect(url.searchParams.get('api-version')).toBe('2020-05-01');
    expect(url.searchParams.get('$expand')).toBe('enabledAzurePlans,resellers');
    expect(c).toMatchObject({
        id: `/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}`, name: FABRIKAM, type: 'Microsoft.Billing/billingAccounts/customers',
        displayName: 'Fabrikam', billingProfileId: expect.stringContaining('/billingProfiles/'), enabledAzurePlans: [{ skuId: '0001', skuDescription: 'Microsoft Azure Plan' }], resellers: [],
    });
});

test('without $expand the plans and resellers are left out, as Microsoft documents', async () => {
    const c = await billing().customers.get(CONTOSO_ACCOUNT, FABRIKAM);
    expect(c.displayName).toBe('Fabrikam');
    expect(c.enabledAzurePlans).toBeUndefined();
    expect(c.resellers).toBeUndefined();
});

test('a customer without Azure, or on the legacy offer, has no Azure plan; a provider sees the reseller it sells through', async () => {
    const sdk = billing();
    expect((await sdk.customers.get(CONTOSO_ACCOUNT, tenant(2), { expand: 'enabledAzurePlans' })).enabledAzurePlans).toEqual([]);
    expect((await sdk.customers.get(CONTOSO_ACCOUNT, tenant(3), { expand: 'enabledAzurePlans' })).enabledAzurePlans).toEqual([]);
    expect(await all(sdk.billingSubscriptions.listByCustomer(CONTOSO_ACCOUNT, tenant(3)))).toEqual([]); // legacy subscriptions are not billed under the MPA
    const wideWorld = await billing(AGENTS.tailspinAdmin).customers.get('2001:mpa', tenant(8), { expand: 'enabledAzurePlans,resellers' });
    expect(wideWorld.resellers).toEqual([{ resellerId: '3001', description: 'Northwind Reseller' }]);
});

test('listByBillingAccount follows nextLink through every page', async () => {
    const world = (await sim.call('GET', '/simulator/world')).json as { customers: Array<{ tenantId: string; subscriptions: Array<{ partnerId: string }> }> };
    const contosos = world.customers.filter((c) => c.subscriptions.some((s) => s.partnerId === '1001')).map((c) => c.tenantId);
    expect(contosos.length).toBeGreaterThan(2); // more than one page
    const seen: PipelineRequest[] = [];
    const listed = await all(billing(AGENTS.contosoAdmin, AUDIENCE.arm, seen).customers.listByBillingAccount(CONTOSO_ACCOUNT));
    expect(listed.map((c) => c.name).sort()).toEqual(contosos.sort());
    expect(listed.every((c) => c.enabledAzurePlans === undefined && c.resellers === undefined)).toBe(true); // no $expand on the list
    expect(seen.length).toBe(Math.ceil(contosos.length / 2));
    for (const r of seen) expect(new URL(r.url).searchParams.getAll('api-version')).toEqual(['2020-05-01']);
});

test('billingSubscriptions.listByCustomer pages through the subscriptions under the Azure plan', async () => {
    const extra = [1, 2, 3].map((n) => ({ id: `3f000000-0000-4000-8000-00000000000${n}`, name: `Extra ${n}` }));
    const before = (await sim.call('GET', `/simulator/customers/${FABRIKAM}`)).json.azure;
    await sim.call('POST', `/simulator/customers/${FABRIKAM}`, { azure: { entitlements: [...before.entitlements, ...extra] } });
    try {
        const subs = await all(billing().billingSubscriptions.listByCustomer(CONTOSO_ACCOUNT, FABRIKAM));
        expect(subs.map((s) => s.displayName)).toEqual(['Subscription 1', 'Fabrikam Production', 'Extra 1', 'Extra 2', 'Extra 3']);
        expect(subs[2]).toMatchObject({
            name: extra[0].id, type: 'Microsoft.Billing/billingAccounts/billingSubscriptions', subscriptionId: extra[0].id, subscriptionBillingStatus: 'Active',
            customerId: `/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}`, customerDisplayName: 'Fabrikam', skuId: '0001',
        });
    } finally {
        await sim.call('POST', '/simulator/reset');
    }
});

test("errors come back as ARM's { error: { code, message } }, which the SDK turns into a RestError", async () => {
    await expect(billing().customers.get(CONTOSO_ACCOUNT, '99999999-0000-4000-8000-000000000000')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(billing().customers.get('1002:mpa', FABRIKAM)).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    await expect(billing(AGENTS.contosoAdmin, AUDIENCE.partnerCenter).customers.get(CONTOSO_ACCOUNT, FABRIKAM)).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    // an indirect reseller transacts nothing, so it has no billing account of its own
    await expect(billing(AGENTS.northwindAdmin).customers.get('3001:mpa', tenant(8))).rejects.toMatchObject({ statusCode: 403 });
});

test('ARM refuses a missing or unknown api-version', async () => {
    const token = await tokenFor(sim, AGENTS.contosoAdmin, AUDIENCE.arm);
    const get = (query: string) => sim.call('GET', `/simulator/arm/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}${query}`, undefined, { authorization: `Bearer ${token}` });
    expect((await get('')).json).toEqual({ error: { code: 'MissingApiVersionParameter', message: expect.any(String) } });
    const wrong = await get('?api-version=2019-10-01-preview');
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('InvalidApiVersionParameter');
    expect((await get('?api-version=2020-05-01')).status).toBe(200);
});
