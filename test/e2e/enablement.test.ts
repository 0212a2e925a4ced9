// Enabling overage end to end through the local host: the product's HTTP API,
// the enableOverage orchestration, and the simulator of Microsoft's cloud.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

const enable = (customer: string, body: Record<string, unknown>, agent: Parameters<AppHost['as']>[0] = 'contosoAdmin') =>
    app.as(agent)('POST', `/api/customers/${customer}/overage/enablements`, { service: 'PhoneServices', ...body });

test('happy path: an existing subscription under the plan gets overage', async () => {
    const res = await enable(CUSTOMERS.fabrikam, { azureEntitlementId: '30000000-0000-4000-8000-000000000002' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.json.statusQueryGetUri);
    const done = await app.finish(res.json.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({ result: 'enabled', azureEntitlementId: '30000000-0000-4000-8000-000000000002', postpaidActive: true });
});
