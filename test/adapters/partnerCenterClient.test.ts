// The Partner Center adapter against the simulator: the real client, the
// simulated REST API, Microsoft's rules, and injected faults.
import { PartnerCenterClient, partnerCenterErrorCode } from '../../shared/adapters/partnerCenter/partnerCenterClient';
import { PcLegalBusinessProfile } from '../../shared/adapters/partnerCenter/partnerCenterSchemas';
import { partnerContact } from '../../shared/adapters/partnerCenter/toDomain';
import { UpstreamHttpError, UpstreamNotFoundError, UpstreamSchemaError, UpstreamTimeoutError } from '../../shared/adapters/http/httpClient';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { until } from '../helpers/wait';

const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
let sim: SimulatorHost;

beforeAll(async () => { sim = await startSimulatorHost(); });
afterAll(async () => { await sim.stop(); });
afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

const client = (agent: { partnerId: string; upn: string; roles: readonly string[] } = DEMO.contosoAdmin, o: Partial<ConstructorParameters<typeof PartnerCenterClient>[0]> = {}) =>
    new PartnerCenterClient({ baseUrl: sim.endpoints.partnerCenter, token: sim.tokenFor(agent), backoffMs: 10, ...o });
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
