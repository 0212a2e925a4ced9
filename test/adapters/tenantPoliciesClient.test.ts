// The tenant-policies adapter against the simulator: the real client, the
// simulated Graph (GDAP, Conditional Access) and ARM policy APIs built from the
// world's `customer.policies`, runtime changes, visibility and injected faults.
import type { Customer } from '../../shared/core/domain/customer';
import { UpstreamNotFoundError, UpstreamSchemaError } from '../../shared/adapters/http/httpClient';
import { ALLOWED_LOCATIONS_DEFINITIONS, ENTRA_ROLES, locationsAllowedBy, PolicyAssignment, TenantPoliciesClient } from '../../shared/adapters/tenantPolicies/tenantPoliciesClient';
import type { World } from '../../simulator/world';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';

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
const client = (agent: Agent = DEMO.contosoAdmin, o: Partial<ConstructorParameters<typeof TenantPoliciesClient>[0]> = {}) =>
    new TenantPoliciesClient({ graphBaseUrl: sim.endpoints.graph, armBaseUrl: sim.endpoints.arm, token: sim.tokenFor(agent), backoffMs: 10, ...o });
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
