// Where the app and Partner Center once disagreed, found by running the app
// against the independent simulator: the app must decide as Microsoft would,
// before it creates anything.
import { AppHost, AGENTS, CUSTOMERS, startAppHost } from '../helpers/appHost';

const TREY_SUBSCRIPTION = '30000000-0000-4000-8000-000000000006';
const PARTNER_CENTER = '/simulator/partnercenter/v1';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

type Agent = Parameters<AppHost['as']>[0];
async function run(method: 'POST' | 'PUT', customer: string, body: Record<string, unknown>, agent: Agent) {
    const res = method === 'POST'
        ? await app.enable(customer, body, agent)
        : await app.as(agent)('PUT', `/api/v1/customers/${customer}/subscriptions/overage`, body);
    expect(res.status).toBe(202);
    return app.finish(res.headers.get('location')!, agent);
}
const partnerCenterRecord = async (customer: string) =>
    (await app.as('contosoSales')('GET', `/api/v1/customers/${customer}/subscriptions/overage`)).json.items[0];
const writesSince = async (seq: number) => (await app.call('GET', `/simulator/log?since=${seq}`)).json.entries as Array<{ seq: number; service: string; method: string; path: string; partner: string; status: number }>;
const lastSeq = async () => (await app.call('GET', '/simulator/log')).json.entries.at(-1)?.seq ?? 0;

test('an "allowed locations" policy blocks the run before a subscription is created, even one that allows global', async () => {
    await app.call('POST', `/simulator/customers/${CUSTOMERS.fabrikam}`, { policies: { gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: ['westeurope', 'global'] } });
    const since = await lastSeq();
    const done = await run('POST', CUSTOMERS.fabrikam, { service: 'PhoneServices', azureEntitlementId: 'new' }, 'contosoAdmin');
    expect(done).toMatchObject({ status: 'completed', result: 'blocked', blockers: [expect.objectContaining({ code: 'location-policy-blocked' })] });
    expect(done.blockers[0].remedy).toMatch(/allowed-locations|allowed locations/i);
    expect(await writesSince(since)).toEqual([]); // no alias PUT, no overage PUT
});

describe('Trey Research: Litware bought first, Contoso later', () => {
    test('the holder sets None through the app: the record is given up, and Contoso may take it', async () => {
        expect(await run('PUT', CUSTOMERS.trey, { azureEntitlementId: TREY_SUBSCRIPTION, overageEnabled: true }, 'litwareAdmin')).toMatchObject({ result: 'enabled' });
        expect(await run('PUT', CUSTOMERS.trey, { azureEntitlementId: TREY_SUBSCRIPTION, overageEnabled: false }, 'litwareAdmin')).toMatchObject({ result: 'disabled' });
        const done = await run('POST', CUSTOMERS.trey, { service: 'PhoneServices', azureEntitlementId: TREY_SUBSCRIPTION }, 'contosoAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'enabled', azureEntitlementId: TREY_SUBSCRIPTION });
        expect(await partnerCenterRecord(CUSTOMERS.trey)).toMatchObject({ partnerId: AGENTS.contosoAdmin.partnerId, overageEnabled: true });
    });

    test('the holder sets None in Partner Center itself: the app\'s older record does not refuse the next owner', async () => {
        // Contoso holds it now (test above); it gives it up in the Partner Center portal, not through the app
        const token = (await app.call('POST', '/simulator/token', { ...AGENTS.contosoAdmin, audience: 'https://api.partnercenter.microsoft.com' })).json.access_token;
        const none = await app.call('PUT', `${PARTNER_CENTER}/customers/${CUSTOMERS.trey}/subscriptions/overage`, { type: 'PhoneServices', azureEntitlementId: null, overageEnabled: false }, { authorization: `Bearer ${token}` });
        expect(none.status).toBe(202);
        for (let i = 0; i < 100 && (await partnerCenterRecord(CUSTOMERS.trey)).overageEnabled; i++) await new Promise((r) => setTimeout(r, 20));
        const done = await run('POST', CUSTOMERS.trey, { service: 'PhoneServices', azureEntitlementId: TREY_SUBSCRIPTION }, 'litwareAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
        expect(await partnerCenterRecord(CUSTOMERS.trey)).toMatchObject({ partnerId: AGENTS.litwareAdmin.partnerId, overageEnabled: true });
    });
});

test('a reseller reads diagnostics: it has no Azure billing account, so Partner Center tells its customer\'s Azure standing', async () => {
    // found by the API property test: Azure billing refuses a reseller (403), which came back as a 502
    const res = await app.as('northwindAdmin')('GET', `/api/customers/${CUSTOMERS.wideWorld}/overage/diagnostics`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customerTenantId: CUSTOMERS.wideWorld, reasons: expect.any(Array) });
});
