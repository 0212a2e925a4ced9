// @azure/arm-billing and the subscription alias client against the simulated
// ARM: customers with their Azure plans, their subscriptions, and creating a
// subscription (Accepted → Succeeded), idempotent per alias name.
import { AzureBillingClient } from '../../shared/adapters/billing/azureBillingClient';
import { billingAccountOf } from '../../shared/adapters/billing/billingAccount';
import { customerBillingScope, SubscriptionAliases } from '../../shared/adapters/billing/subscriptionAliases';
import { UpstreamHttpError, UpstreamNotFoundError, UpstreamSchemaError, UpstreamTimeoutError } from '../../shared/adapters/http/httpClient';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';

const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const ACCOUNT = billingAccountOf('1001');
let sim: SimulatorHost;

beforeAll(async () => { sim = await startSimulatorHost(); });
afterAll(async () => { await sim.stop(); });
afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

const billing = (o: Partial<ConstructorParameters<typeof AzureBillingClient>[0]> = {}) =>
    new AzureBillingClient({ baseUrl: sim.endpoints.arm, token: sim.tokenFor(DEMO.contosoAdmin), backoffMs: 10, ...o });
const aliases = () => new SubscriptionAliases({ baseUrl: sim.endpoints.arm, token: sim.tokenFor(DEMO.contosoAdmin), pollIntervalMs: 30, backoffMs: 10 });
const fault = (f: unknown) => sim.call('POST', '/simulator/faults', { faults: [f] });

test('customers come with their enabled Azure plans; subscriptions are listed per customer', async () => {
    const fabrikam = await billing().customer(ACCOUNT, DEMO.fabrikam);
    expect(fabrikam.enabledAzurePlans).toEqual([expect.objectContaining({ skuId: '0001' })]);
    expect(fabrikam.displayName).toBe('Fabrikam');
    expect((await billing().customer(ACCOUNT, T(2))).enabledAzurePlans).toEqual([]); // no Azure yet
    const subs = await billing().subscriptions(ACCOUNT, DEMO.fabrikam);
    expect(subs.map((s) => s.displayName)).toContain('Subscription 1');
});

test('an unknown customer is an UpstreamNotFoundError; another partner\'s account is refused', async () => {
    await expect(billing().customer(ACCOUNT, '99999999-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(UpstreamNotFoundError);
    await expect(billing().customer(billingAccountOf('1002'), DEMO.fabrikam)).rejects.toMatchObject({ status: 403 });
});

test('throttling is retried by the app\'s retry loop after Retry-After; a persistent 500 becomes an UpstreamHttpError', async () => {
    await fault({ match: { pathPattern: `/customers/${DEMO.fabrikam}$` }, kind: 'status429', retryAfterSeconds: 1, times: 1 });
    expect((await billing().customer(ACCOUNT, DEMO.fabrikam)).displayName).toBe('Fabrikam');
    // no retries allowed: the 429 is the answer, so the success above came from the app's retry
    await fault({ match: { pathPattern: `/customers/${DEMO.fabrikam}$` }, kind: 'status429', retryAfterSeconds: 1, times: 1 });
    await expect(billing({ retries: 0 }).customer(ACCOUNT, DEMO.fabrikam)).rejects.toMatchObject({ status: 429 });
    await fault({ match: { pathPattern: '/billingSubscriptions$' }, kind: 'status500' });
    const err = await billing({ retries: 1 }).subscriptions(ACCOUNT, DEMO.fabrikam).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect((err as UpstreamHttpError).status).toBe(500);
});

test('a hung call times out; a malformed answer is an UpstreamSchemaError', async () => {
    await fault({ match: { pathPattern: `/customers/${DEMO.fabrikam}$` }, kind: 'timeout' });
    await expect(billing({ timeoutMs: 300, retries: 0 }).customer(ACCOUNT, DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamTimeoutError);
    await sim.call('DELETE', '/simulator/faults');
    await fault({ match: { pathPattern: `/customers/${DEMO.fabrikam}$` }, kind: 'malformed' });
    await expect(billing().customer(ACCOUNT, DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamSchemaError);
});

test('a subscription alias is Accepted, then Succeeded; the same alias name never creates a second one', async () => {
    const request = { aliasName: 'enable-overage-test-1', displayName: 'Overage', billingScope: customerBillingScope(ACCOUNT, DEMO.fabrikam) };
    const first = await aliases().put(request);
    expect(first.properties.provisioningState).toBe('Accepted');
    const subscriptionId = await aliases().create(request);
    expect(await aliases().create(request)).toBe(subscriptionId);
    const subs = await billing().subscriptions(ACCOUNT, DEMO.fabrikam);
    expect(subs.filter((s) => s.subscriptionId === subscriptionId)).toHaveLength(1);
});

test('the first subscription of a customer without Azure brings an Azure plan; a legacy offer is refused', async () => {
    const woodgrove = T(2);
    const id = await aliases().create({ aliasName: 'woodgrove-first', displayName: 'Subscription 1', billingScope: customerBillingScope(ACCOUNT, woodgrove) });
    const customer = await billing().customer(ACCOUNT, woodgrove);
    expect(customer.enabledAzurePlans).toHaveLength(1);
    expect((await billing().subscriptions(ACCOUNT, woodgrove)).map((s) => s.subscriptionId)).toEqual([id]);
    const legacy = await aliases().put({ aliasName: 'alpine-new', displayName: 'x', billingScope: customerBillingScope(ACCOUNT, T(3)) }).catch((e) => e);
    expect(legacy).toMatchObject({ status: 409 });
});
