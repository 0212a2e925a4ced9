// Alerts end to end through the local host (issue 22): thresholds and the
// partner webhook set and read through the API, refused when bad, and kept
// apart per partner (another partner's customer or id: 404). Webhooks reach
// receivers on this machine over http (WEBHOOK_ALLOW_HTTP_LOCALHOST).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';

const LUCERNE = CUSTOMERS.lucerne; // Contoso's (1001)
const SECRET = 'contoso-webhook-secret-0123456789';

interface Receiver { url: string; received: Array<{ headers: http.IncomingHttpHeaders; raw: Buffer }>; status: number; close(): Promise<void> }

async function receiver(): Promise<Receiver> {
    const r: Receiver = { url: '', received: [], status: 204, close: async () => undefined };
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => { r.received.push({ headers: req.headers, raw: Buffer.concat(chunks) }); res.writeHead(r.status).end(); });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    r.close = async () => { server.closeAllConnections(); await new Promise((done) => server.close(done)); };
    return r;
}

describe('alert thresholds and the partner webhook', () => {
    let h: AppHost;
    let contosoHook: Receiver;
    beforeAll(async () => {
        process.env.WEBHOOK_ALLOW_HTTP_LOCALHOST = 'true';
        contosoHook = await receiver();
        h = await freshAppHost();
    });
    afterAll(async () => {
        await h?.stop();
        await contosoHook?.close();
        delete process.env.WEBHOOK_ALLOW_HTTP_LOCALHOST;
    });

    test('an AdminAgent sets its thresholds, any agent of the partner reads them, another partner gets 404', async () => {
        const alerts = `/api/customers/${LUCERNE}/alerts`;
        const before = await h.as('contosoSales')('GET', alerts);
        expect([before.status, before.json]).toEqual([200, { customerTenantId: LUCERNE, mailCustomerAdmin: false, updatedAt: null, updatedBy: null }]);
        const set = await h.as('contosoAdmin')('PUT', alerts, { forecastOverageAbove: '400', poolUsedAbovePercent: 80, creditsRunOutBeforeMonthEnd: true, dayOverageAbove: '50.5', mailCustomerAdmin: true });
        expect(set.status).toBe(200);
        const read = await h.as('contosoSales')('GET', alerts);
        expect(read.json).toEqual(expect.objectContaining({ forecastOverageAbove: '400', poolUsedAbovePercent: 80, creditsRunOutBeforeMonthEnd: true, dayOverageAbove: '50.5', mailCustomerAdmin: true, updatedBy: 'admin@contoso-telecom.example' }));
        expect((await h.as('contosoSales')('PUT', alerts, { mailCustomerAdmin: false })).status).toBe(403);
        const other = await h.as('litwareAdmin')('PUT', `/api/customers/${CUSTOMERS.woodgrove}/alerts`, { mailCustomerAdmin: false });
        expect([other.status, other.json.code]).toEqual([404, 'customer-not-found']);
    });

    test('bad thresholds: problem details naming each field, with a remedy; nothing stored', async () => {
        const alerts = `/api/customers/${LUCERNE}/alerts`;
        const before = (await h.as('contosoAdmin')('GET', alerts)).json;
        const res = await h.as('contosoAdmin')('PUT', alerts, { forecastOverageAbove: 400, poolUsedAbovePercent: 150, mailCustomerAdmin: 'yes', overageAbove: '1' });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.json.code).toBe('invalid-request');
        expect(res.json.remedy).toMatch(/Fix the fields/);
        expect(res.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['(body)', 'forecastOverageAbove', 'mailCustomerAdmin', 'poolUsedAbovePercent']);
        expect((await h.as('contosoAdmin')('PUT', alerts, 'not json')).json.code).toBe('invalid-request');
        expect((await h.as('contosoAdmin')('GET', alerts)).json).toEqual(before);
    });

    test('the webhook: https (or this machine, as allowed here), the secret never shown, another partner\'s id 404', async () => {
        const webhook = '/api/partners/1001/webhook';
        const refused = await h.as('contosoAdmin')('PUT', webhook, { url: 'http://hooks.example.com/overage', secret: SECRET });
        expect([refused.status, refused.json.code]).toEqual([400, 'webhook-url-not-allowed']);
        expect(refused.json.remedy).toMatch(/https/);
        expect((await h.as('contosoAdmin')('PUT', webhook, { url: contosoHook.url, secret: 'short' })).json.code).toBe('invalid-request');
        const set = await h.as('contosoAdmin')('PUT', webhook, { url: contosoHook.url, secret: SECRET });
        expect(set.status).toBe(200);
        const read = await h.as('contosoSales')('GET', webhook);
        expect(read.json).toEqual({ partnerId: '1001', url: contosoHook.url, secretSet: true, updatedAt: expect.any(String), updatedBy: 'admin@contoso-telecom.example' });
        expect(read.text).not.toContain(SECRET);
        expect((await h.as('contosoSales')('PUT', webhook, { url: contosoHook.url, secret: SECRET })).status).toBe(403);
        for (const [method, path] of [['GET', webhook], ['PUT', webhook], ['GET', `${webhook}/deliveries`]]) {
            const res = await h.as('litwareAdmin')(method, path, method === 'PUT' ? { url: 'https://litware.example/hook', secret: SECRET } : undefined);
            expect([path, res.status, res.json.code]).toEqual([path, 404, 'partner-not-found']);
        }
        expect((await h.as('contosoAdmin')('GET', `${webhook}/deliveries`)).json).toEqual({ partnerId: '1001', items: [] });
    });
});
