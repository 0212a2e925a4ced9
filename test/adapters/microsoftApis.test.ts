// The app's clients of Microsoft's APIs against the simulator on a local host:
// Azure billing and subscription aliases, Communications Credits, Partner
// Center, tenant policies, tenant licences. One file so the modules load once; each part on
// its own simulator host (a fresh demo world), one after another.
import { AzureBillingClient } from '../../shared/adapters/billing/azureBillingClient';
import { billingAccountOf } from '../../shared/adapters/billing/billingAccount';
import { SubscriptionAliases, customerBillingScope } from '../../shared/adapters/billing/subscriptionAliases';
import { CreditsClient } from '../../shared/adapters/credits/creditsClient';
import { UpstreamHttpError, UpstreamNotFoundError, UpstreamSchemaError, UpstreamTimeoutError } from '../../shared/adapters/http/httpClient';
import { PartnerCenterClient, partnerCenterErrorCode } from '../../shared/adapters/partnerCenter/partnerCenterClient';
import { PcCustomer, PcCustomerPage, PcLegalBusinessProfile } from '../../shared/adapters/partnerCenter/partnerCenterSchemas';
import { partnerContact } from '../../shared/adapters/partnerCenter/toDomain';
import { TenantLicencesClient } from '../../shared/adapters/tenantLicences/tenantLicencesClient';
import { ALLOWED_LOCATIONS_DEFINITIONS, ENTRA_ROLES, PolicyAssignment, TenantPoliciesClient, locationsAllowedBy } from '../../shared/adapters/tenantPolicies/tenantPoliciesClient';
import type { Customer } from '../../shared/core/domain/customer';
import type { World } from '../../simulator/world';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { until } from '../helpers/wait';

describe('Azure billing and subscription aliases', () => {
    // @azure/arm-billing and the subscription alias client against the simulated
    // ARM: customers with their Azure plans, their subscriptions, and creating a
    // subscription (Accepted → Succeeded), idempotent per alias name.
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
});

describe('Communications Credits', () => {
    // The Communications Credits reader against the simulator, including a change
    // the customer's admin makes at run time.
    const SCHOOL_OF_FINE_ART = '10000000-0000-4000-8000-000000000014';
    let sim: SimulatorHost;

    beforeAll(async () => { sim = await startSimulatorHost(); });
    afterAll(async () => { await sim.stop(); });

    const credits = () => new CreditsClient({ baseUrl: sim.endpoints.credits, token: sim.tokenFor(DEMO.contosoAdmin), backoffMs: 10 });

    test('reads balance and auto-recharge, and sees the customer turn auto-recharge off', async () => {
        const before = await credits().credits(SCHOOL_OF_FINE_ART);
        expect(before.credits?.autoRecharge?.enabled).toBe(true);
        const patched = await sim.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { credits: { autoRecharge: { enabled: false } } });
        expect(patched.status).toBe(200);
        expect((await credits().credits(SCHOOL_OF_FINE_ART)).credits?.autoRecharge?.enabled).toBe(false);
    });

    test('a customer that never bought credits reads as null; another partner\'s customer is not found', async () => {
        expect((await credits().credits('10000000-0000-4000-8000-000000000002')).credits).toBeNull();
        expect((await credits().credits(DEMO.fabrikam)).credits).toEqual(expect.objectContaining({ balance: 0, currency: 'EUR' }));
        const other = new CreditsClient({ baseUrl: sim.endpoints.credits, token: sim.tokenFor({ partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] }), retries: 0 });
        await expect(other.credits(DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamNotFoundError);
    });

    test('an invalid customer patch is refused with the path of the bad field', async () => {
        const res = await sim.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { azure: { kind: 'cloud' } });
        expect(res.status).toBe(400);
        expect(res.json.description).toMatch(/customers\[\d+\]\.azure\.kind/);
    });
});

describe('Partner Center', () => {
    // The Partner Center adapter against the simulator: the real client, the
    // simulated REST API, Microsoft's rules, and injected faults.
    const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
    let sim: SimulatorHost;

    beforeAll(async () => { sim = await startSimulatorHost(); });
    afterAll(async () => { await sim.stop(); });
    afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

    const client = (caller: { partnerId: string; upn: string; roles: readonly string[] } = DEMO.contosoAdmin, o: Partial<ConstructorParameters<typeof PartnerCenterClient>[0]> = {}) =>
        new PartnerCenterClient({ baseUrl: sim.endpoints.partnerCenter, token: sim.tokenFor(caller), backoffMs: 10, ...o });
    const fault = (f: unknown) => sim.call('POST', '/simulator/faults', { faults: [f] });

    test('reads the partner, its agent roles, a customer and its subscriptions with consumptionType', async () => {
        const pc = client();
        expect(await pc.partnerProfile()).toMatchObject({ partnerId: '1001', partnerType: 'direct', isSandbox: false });
        expect((await pc.agentRoles(DEMO.contosoSales.upn)).roles).toEqual(['SalesAgent']);
        expect((await pc.customer(DEMO.fabrikam)).companyProfile.companyName).toBe('Fabrikam');
        const subs = await pc.subscriptions(DEMO.fabrikam);
        expect(subs.map((s) => s.consumptionType)).toContain('overage');
        expect((await pc.azureEntitlements(DEMO.fabrikam)).length).toBeGreaterThan(0);
    });

    test("the legal business profile names the signed-in partner's primary contact, whom a handover mails", async () => {
        expect(partnerContact(await client().legalBusinessProfile())).toEqual({ name: 'Contoso Telecom', contact: 'ops@contoso-telecom.example' });
        const litware = await client({ partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] }).legalBusinessProfile();
        expect(partnerContact(litware)).toEqual({ name: 'Litware Voice', contact: 'csp@litware-voice.example' });
        // the published shape carries more (address, vetting, links): the schema lets it through
        const published = {
            companyName: 'Contoso Telecom', address: { country: 'US', city: 'Redmond', addressLine1: 'One Way 1', postalCode: '98052' },
            primaryContact: { firstName: 'Jane', lastName: 'Doe', email: 'jane@contoso-telecom.example', phoneNumber: '4255550110' },
            companyApproverEmail: 'approver@contoso-telecom.example', vettingStatus: 'finished', profileType: 'legal_business_profile',
            links: { self: { uri: '/profiles/legalbusiness', method: 'GET', headers: [] } }, attributes: { etag: 'x', objectType: 'LegalBusinessProfile' },
        };
        expect(partnerContact(PcLegalBusinessProfile.parse(published))).toEqual({ name: 'Contoso Telecom', contact: 'jane@contoso-telecom.example' });
        expect(PcLegalBusinessProfile.safeParse({ ...published, primaryContact: { firstName: 'Jane' } }).success).toBe(false);
    });

    test('the customer list, a page at a time: every customer of the partner once, in tenant id order; a provider\'s resellers\' customers carry associatedPartnerId', async () => {
        const pages = async (pc: PartnerCenterClient, pageSize?: number) => {
            const all: PcCustomer[][] = [];
            for await (const page of pc.customers(pageSize === undefined ? {} : { pageSize })) all.push(page);
            return all;
        };
        const world: World = (await sim.call('GET', '/simulator/world')).json;
        const soldBy = (...ids: string[]) => world.customers.filter((c) => c.subscriptions.some((x) => ids.includes(x.partnerId)) || c.overage.some((o) => ids.includes(o.partnerId)))
            .map((c) => c.tenantId).sort();

        const contoso = await pages(client(DEMO.contosoSales), 4);
        expect(contoso.map((p) => p.length)).toEqual([4, 4, 4, 3]);
        expect(contoso.flat().map((c) => c.id)).toEqual(soldBy('1001'));
        expect(contoso.flat().find((c) => c.id === DEMO.fabrikam)).toEqual(await client().customer(DEMO.fabrikam));
        expect(contoso.flat().filter((c) => c.associatedPartnerId !== undefined)).toEqual([]);
        expect((await pages(client(DEMO.contosoSales))).map((p) => p.length)).toEqual([15]); // 100 a page unless asked

        const tailspin = (await pages(client({ partnerId: '2001', upn: 'sales@tailspin-distribution.example', roles: ['SalesAgent'] }), 1)).flat();
        expect(tailspin.map((c) => c.id)).toEqual(soldBy('2001', '3001'));
        expect(tailspin.find((c) => c.id === T(8))).toMatchObject({ associatedPartnerId: '3001', companyProfile: { companyName: 'Wide World Importers' } });
    });

    test('the customer list: a page throttled halfway through is retried with the same continuation token; a next link without one is an UpstreamSchemaError', async () => {
        const list = client(DEMO.contosoSales).customers({ pageSize: 10 });
        const first = await list.next();
        expect(first.value).toHaveLength(10);
        await fault({ match: { method: 'GET', pathPattern: '^/v1/customers$' }, kind: 'status429', retryAfterSeconds: 0, times: 1 });
        const second = await list.next();
        expect(second.value).toHaveLength(5);
        expect((await sim.call('GET', '/simulator/faults')).json).toEqual([expect.objectContaining({ remaining: 0 })]); // the 429 was answered, and retried
        expect((await list.next()).done).toBe(true);

        const page = { totalCount: 0, items: [], attributes: { objectType: 'Collection' } };
        expect(PcCustomerPage.safeParse({ ...page, links: { next: { uri: '/v1/customers?size=1', method: 'GET', headers: [{ key: 'ms-continuationtoken', value: 't' }] } } }).success).toBe(true);
        const noToken = PcCustomerPage.safeParse({ ...page, links: { next: { uri: '/v1/customers?size=1', method: 'GET', headers: [] } } });
        expect(noToken.success).toBe(false);
        await fault({ match: { method: 'GET', pathPattern: '^/v1/customers$' }, kind: 'malformed', times: 1 });
        await expect(client(DEMO.contosoSales).customers().next()).rejects.toBeInstanceOf(UpstreamSchemaError);
    });

    test('a customer of another partner is a 404, as an UpstreamNotFoundError', async () => {
        await expect(client({ partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] }).customer(DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamNotFoundError);
        await expect(client().customer('99999999-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(UpstreamNotFoundError);
    });

    test('enabling overage is asynchronous: accepted first, visible after the delay', async () => {
        const pc = client();
        const entitlement = (await pc.azureEntitlements(DEMO.fabrikam))[0].id;
        const accepted = await pc.updateOverage(DEMO.fabrikam, { azureEntitlementId: entitlement, overageEnabled: true });
        expect(accepted).toMatchObject({ partnerId: '1001', overageEnabled: true });
        const applied = await until(async () => (await pc.overage(DEMO.fabrikam)).items.find((i) => i.overageEnabled));
        expect(applied).toMatchObject({ azureEntitlementId: entitlement, type: 'PhoneServices', attributes: { objectType: 'Overage' } });
    });

    test("Microsoft's rules: a sales agent may not change overage; a later purchaser is not the owner", async () => {
        const entitlement = (await client().azureEntitlements(DEMO.fabrikam))[0].id;
        const bySales = client(DEMO.contosoSales).updateOverage(DEMO.fabrikam, { azureEntitlementId: entitlement, overageEnabled: true });
        await expect(bySales).rejects.toMatchObject({ status: 403 });
        expect(partnerCenterErrorCode(((await bySales.catch((e) => e)) as UpstreamHttpError).problem)).toBe('role-not-permitted');

        const trey = T(6); // Litware bought first; Contoso bought later
        const treyEntitlement = (await client().azureEntitlements(trey))[0].id;
        const err = (await client().updateOverage(trey, { azureEntitlementId: treyEntitlement, overageEnabled: true }).catch((e) => e)) as UpstreamHttpError;
        expect(err.status).toBe(403);
        expect(partnerCenterErrorCode(err.problem)).toBe('owned-by-another-partner');
    });

    test('the legacy-to-plan transition needs the MCA, then completes after its delay', async () => {
        const pc = client();
        const refused = (await pc.startAzurePlanTransition(T(4)).catch((e) => e)) as UpstreamHttpError;
        expect(partnerCenterErrorCode(refused.problem)).toBe('mca-not-accepted');
        expect((await pc.startAzurePlanTransition(T(3))).transition).toBe('inProgress');
        const done = await until(async () => {
            const s = await pc.azurePlan(T(3));
            return s.transition === 'completed' ? s : undefined;
        });
        expect(done.state).toBe('plan');
    });

    test('429 with Retry-After is retried after the delay it asks for', async () => {
        await fault({ match: { pathPattern: '/subscriptions$' }, kind: 'status429', retryAfterSeconds: 1, times: 1 });
        const started = Date.now();
        const subs = await client().subscriptions(DEMO.fabrikam);
        expect(subs.length).toBeGreaterThan(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    test('a persistent 500 ends in an UpstreamHttpError after the retries', async () => {
        await fault({ match: { pathPattern: '^/v1/customers/[^/]+$' }, kind: 'status500' });
        const err = (await client(undefined, { retries: 2 }).customer(DEMO.fabrikam).catch((e) => e)) as UpstreamHttpError;
        expect(err).toBeInstanceOf(UpstreamHttpError);
        expect(err.status).toBe(500);
        expect(err.attempts).toBe(3);
    });

    test('no answer within the timeout is an UpstreamTimeoutError', async () => {
        await fault({ match: { pathPattern: '/azurePlan$' }, kind: 'timeout' });
        await expect(client(undefined, { timeoutMs: 200, retries: 1 }).azurePlan(DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamTimeoutError);
    });

    test('a response of the wrong shape is an UpstreamSchemaError naming the field', async () => {
        await fault({ match: { pathPattern: '/subscriptions/overage$', method: 'GET' }, kind: 'malformed', times: 1 });
        const err = (await client().overage(DEMO.fabrikam).catch((e) => e)) as UpstreamSchemaError;
        expect(err).toBeInstanceOf(UpstreamSchemaError);
        expect(err.message).toMatch(/totalCount|items/);
    });

    test('a token for another audience or none at all is refused', async () => {
        const arm = client(undefined, { token: async () => (await sim.tokenFor(DEMO.contosoAdmin)('https://management.azure.com/.default')) });
        await expect(arm.partnerProfile()).rejects.toMatchObject({ status: 401 });
        const none = new PartnerCenterClient({ baseUrl: sim.endpoints.partnerCenter, token: async () => 'not-a-token', retries: 0 });
        await expect(none.partnerProfile()).rejects.toMatchObject({ status: 401 });
    });
});

describe('tenant licences', () => {
    // The tenant-licences adapter against the simulated Graph: every licence of
    // the customer's tenant, whoever sold it, read through GDAP with a role that
    // reads the directory; refusals and injected faults as typed errors.
    const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
    const TREY = T(6); // Contoso's 30 and Litware's 5 E5 with Calling Plan; 5 more from a seller outside the world, 10 Calling Plans from Microsoft
    const PROSEWARE = T(9); // GDAP without a role that reads the directory
    let sim: SimulatorHost;

    beforeAll(async () => { sim = await startSimulatorHost(); });
    afterAll(async () => { await sim.stop(); });
    afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

    const client = (o: Partial<ConstructorParameters<typeof TenantLicencesClient>[0]> = {}) =>
        new TenantLicencesClient({ graphBaseUrl: sim.endpoints.graph, token: sim.tokenFor(DEMO.contosoAdmin), backoffMs: 10, ...o });

    test('every licence of the tenant, whoever sold it: summed per SKU, with its service plans', async () => {
        const skus = await client().subscribedSkus(TREY);
        expect(skus.map((s) => [s.skuPartNumber, s.enabledUnits])).toEqual(expect.arrayContaining([['SPE_E5_CALLINGMINUTES', 40], ['MCOPSTN5', 10]]));
        expect(skus.find((s) => s.skuPartNumber === 'SPE_E5_CALLINGMINUTES')!.servicePlans).toEqual(expect.arrayContaining(['MCOPSTN5', 'MCOMEETADV']));
    });

    test('the users holding each SKU, counted per usage location, every page of them', async () => {
        const HUMONGOUS = T(11);
        const world: World = (await sim.call('GET', '/simulator/world')).json;
        const held = world.customers.find((c) => c.tenantId === HUMONGOUS)!.subscriptions;
        try {
            // 2,100 users: three pages of Graph's largest
            expect((await sim.call('POST', `/simulator/customers/${HUMONGOUS}`, { subscriptions: held.map((s) => ({ ...s, quantity: 2100 })) })).status).toBe(200);
            const [sku] = await client().subscribedSkus(HUMONGOUS);
            expect(await client().usageLocations(HUMONGOUS)).toEqual([{ skuId: sku.skuId, usageLocation: 'DE', users: 2100 }]);
        } finally {
            await sim.call('POST', '/simulator/reset');
        }
        const trey = await client().usageLocations(TREY);
        const skus = await client().subscribedSkus(TREY);
        // every licence the simulator sells is held by a user in the customer's country
        expect(trey.map((a) => [skus.find((s) => s.skuId === a.skuId)?.skuPartNumber, a.usageLocation, a.users]).sort()).toEqual([['MCOPSTN5', 'NL', 10], ['SPE_E5_CALLINGMINUTES', 'NL', 40]]);
    });

    test('GDAP without a role that reads the directory is refused with 403', async () => {
        for (const read of [(c: TenantLicencesClient) => c.subscribedSkus(PROSEWARE), (c: TenantLicencesClient) => c.usageLocations(PROSEWARE)]) {
            const err = await read(client({ retries: 0 })).catch((e) => e);
            expect(err).toBeInstanceOf(UpstreamHttpError);
            expect(err).toMatchObject({ status: 403, upstream: 'microsoft-graph' });
        }
    });

    test('a response of the wrong shape is an UpstreamSchemaError; a persistent 500 an UpstreamHttpError after the retries', async () => {
        await fault({ match: { pathPattern: '^/v1\\.0/subscribedSkus$' }, kind: 'malformed', times: 1 });
        await expect(client().subscribedSkus(TREY)).rejects.toBeInstanceOf(UpstreamSchemaError);
        await fault({ match: { pathPattern: '^/v1\\.0/subscribedSkus$' }, kind: 'status500' });
        await expect(client({ retries: 1 }).subscribedSkus(TREY)).rejects.toMatchObject({ status: 500 });
    });

    const fault = (f: unknown) => sim.call('POST', '/simulator/faults', { faults: [f] });
});

describe('tenant policies', () => {
    // The tenant-policies adapter against the simulator: the real client, the
    // simulated Graph (GDAP, Conditional Access) and ARM policy APIs built from the
    // world's `customer.policies`, runtime changes, visibility and injected faults.
    const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
    const PROSEWARE = T(9);
    const MARGIES_TRAVEL = T(10);
    const HUMONGOUS = T(11);
    const LITWARE_ADMIN = { partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] } as const;
    let sim: SimulatorHost;

    beforeAll(async () => { sim = await startSimulatorHost(); });
    afterAll(async () => { await sim.stop(); });
    afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

    type Agent = { partnerId: string; upn: string; roles: readonly string[] };
    const client = (caller: Agent = DEMO.contosoAdmin, o: Partial<ConstructorParameters<typeof TenantPoliciesClient>[0]> = {}) =>
        new TenantPoliciesClient({ graphBaseUrl: sim.endpoints.graph, armBaseUrl: sim.endpoints.arm, token: sim.tokenFor(caller), backoffMs: 10, ...o });
    const fault = (f: unknown) => sim.call('POST', '/simulator/faults', { faults: [f] });
    const customer = async (tenantId: string): Promise<Customer> => (await sim.call('GET', `/simulator/customers/${tenantId}`)).json;
    const subscriptionsOf = (c: Customer) => c.azure.entitlements.map((e) => e.id);

    test('each policy case of the demo world: Fabrikam none, Proseware without GDAP, Margie\'s Travel token protection, Humongous allowed locations', async () => {
        const read = async (tenantId: string) => client().policies(tenantId, subscriptionsOf(await customer(tenantId)));
        expect(await read(DEMO.fabrikam)).toEqual({ gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null });
        expect(await read(PROSEWARE)).toEqual({ gdapAzureAccess: false, conditionalAccessTokenProtection: false, allowedLocations: null });
        expect(await read(MARGIES_TRAVEL)).toEqual({ gdapAzureAccess: true, conditionalAccessTokenProtection: true, allowedLocations: null });
        // the location assignments sit on the second page: this also shows nextLink is followed
        expect(await read(HUMONGOUS)).toEqual({ gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: ['westeurope', 'germanywestcentral'] });
    });

    test('every customer of the world reads back as the world says, through a partner that sold to it', async () => {
        const world: World = (await sim.call('GET', '/simulator/world')).json;
        for (const c of world.customers) {
            const partner = world.partners.find((p) => p.id === c.subscriptions[0].partnerId)!;
            const policies = await client({ partnerId: partner.id, upn: partner.agents[0].upn, roles: partner.agents[0].roles }).policies(c.tenantId, subscriptionsOf(c));
            expect({ name: c.name, ...policies }).toEqual({ name: c.name, ...c.policies });
        }
    });

    test('a runtime patch of the customer\'s policies is what the APIs answer next', async () => {
        try {
            const patched = await sim.call('POST', `/simulator/customers/${DEMO.fabrikam}`, { policies: { gdapAzureAccess: false, conditionalAccessTokenProtection: true, allowedLocations: ['northeurope', 'global'] } });
            expect(patched.status).toBe(200);
            expect(await client().policies(DEMO.fabrikam, subscriptionsOf(patched.json))).toEqual({ gdapAzureAccess: false, conditionalAccessTokenProtection: true, allowedLocations: ['northeurope', 'global'] });
        } finally {
            await sim.call('POST', '/simulator/reset');
        }
    });

    test('which GDAP roles count as Azure access is configurable; an expired relationship never counts', async () => {
        // Proseware: an active relationship with Teams and Helpdesk Administrator, an expired one with Global Administrator
        expect(await client().gdapAzureAccess(PROSEWARE)).toBe(false);
        expect(await client(undefined, { azureRoleDefinitionIds: [ENTRA_ROLES.globalAdministrator] }).gdapAzureAccess(PROSEWARE)).toBe(false);
        expect(await client(undefined, { azureRoleDefinitionIds: [ENTRA_ROLES.teamsAdministrator] }).gdapAzureAccess(PROSEWARE)).toBe(true);
    });

    test('a customer of another partner: no GDAP relationship, and its tenant and subscriptions are 404', async () => {
        const litware = client(LITWARE_ADMIN, { retries: 0 });
        expect(await litware.gdapAzureAccess(PROSEWARE)).toBe(false);
        await expect(litware.tokenProtection(PROSEWARE)).rejects.toBeInstanceOf(UpstreamNotFoundError);
        await expect(litware.allowedLocations(PROSEWARE, subscriptionsOf(await customer(PROSEWARE)))).rejects.toBeInstanceOf(UpstreamNotFoundError);
        await expect(litware.policies(PROSEWARE, subscriptionsOf(await customer(PROSEWARE)))).rejects.toBeInstanceOf(UpstreamNotFoundError);
    });

    test('without Azure subscriptions no location policy can apply, and ARM is not asked', async () => {
        await fault({ match: { pathPattern: '/policyAssignments$' }, kind: 'status500' });
        expect(await client(undefined, { retries: 0 }).policies(T(2), [])).toEqual({ gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null });
    });

    test('429 with Retry-After on Conditional Access is retried after the delay it asks for', async () => {
        await fault({ match: { pathPattern: '/identity/conditionalAccess/policies$' }, kind: 'status429', retryAfterSeconds: 1, times: 1 });
        const started = Date.now();
        expect((await client().policies(MARGIES_TRAVEL, subscriptionsOf(await customer(MARGIES_TRAVEL)))).conditionalAccessTokenProtection).toBe(true);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    test('a response of the wrong shape is an UpstreamSchemaError naming the field', async () => {
        await fault({ match: { pathPattern: '/policyAssignments$', method: 'GET' }, kind: 'malformed', times: 1 });
        const err = (await client().policies(HUMONGOUS, subscriptionsOf(await customer(HUMONGOUS))).catch((e) => e)) as UpstreamSchemaError;
        expect(err).toBeInstanceOf(UpstreamSchemaError);
        expect(err.upstream).toBe('azure-policy');
        expect(err.message).toMatch(/value/);
    });

    test('a token for another audience is refused by the simulated Graph', async () => {
        const pcToken = sim.tokenFor(DEMO.contosoAdmin);
        const wrong = client(undefined, { retries: 0, token: () => pcToken('https://api.partnercenter.microsoft.com/.default') });
        await expect(wrong.gdapAzureAccess(DEMO.fabrikam)).rejects.toMatchObject({ status: 401 });
    });

    describe('locationsAllowedBy', () => {
        const assignment = (id: string, definition: string, value: string[] | null, enforcementMode = 'Default'): PolicyAssignment => ({
            id, name: id, properties: { policyDefinitionId: definition, enforcementMode, parameters: value ? { listOfAllowedLocations: { value } } : {} },
        });
        const { resources, resourceGroups } = ALLOWED_LOCATIONS_DEFINITIONS;

        test('enforced allowed-locations assignments intersect, regions compared as ARM does', () => {
            expect(locationsAllowedBy([
                assignment('/a', resources, ['westeurope', 'germanywestcentral', 'global']),
                assignment('/b', resourceGroups.toUpperCase(), ['West Europe', 'Global']),
            ])).toEqual(['westeurope', 'global']);
        });

        test('audit-only, other definitions and repeated assignments change nothing; none at all is null', () => {
            expect(locationsAllowedBy([
                assignment('/mg/a', resources, ['westeurope']),
                assignment('/MG/A', resources, ['westeurope']),
                assignment('/audit', resources, ['eastus'], 'DoNotEnforce'),
                assignment('/tag', '/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025', null),
            ])).toEqual(['westeurope']);
            expect(locationsAllowedBy([assignment('/audit', resources, ['eastus'], 'DoNotEnforce')])).toBeNull();
            expect(locationsAllowedBy([])).toBeNull();
        });
    });
});
