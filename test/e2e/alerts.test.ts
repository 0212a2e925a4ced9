// Alerts end to end through the local host (issue 22): thresholds and the
// partner webhook set and read through the API, refused when bad, and kept
// apart per partner (another partner's customer or id: 404); then usage
// imported: the alert fires once (mails, one signed POST), a second import
// fires nothing, another partner hears nothing; a receiver that keeps
// failing is tried again as the host's clock moves on, until the budget.
// Webhooks reach receivers on this machine over http (WEBHOOK_ALLOW_HTTP_LOCALHOST).
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';
import { until } from '../helpers/wait';

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
    let litwareHook: Receiver;
    const SETTINGS = { WEBHOOK_ALLOW_HTTP_LOCALHOST: 'true', WEBHOOK_RETRY_FIRST_MS: '60000', WEBHOOK_RETRY_MAX_MS: '120000', WEBHOOK_RETRY_BUDGET_MS: '270000' };
    beforeAll(async () => {
        Object.assign(process.env, SETTINGS);
        contosoHook = await receiver();
        litwareHook = await receiver();
        h = await freshAppHost();
    });
    afterAll(async () => {
        await h?.stop();
        await contosoHook?.close();
        await litwareHook?.close();
        for (const k of Object.keys(SETTINGS)) delete process.env[k];
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

    const HEADER = 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability';
    const row = (id: string, start: string, seconds: number) => [id, `call-${id}`, '', 'BE', '00000000-0000-0000-0000-000000000001', 'user@example.com', 'A User', '+3220000000', 'user_out', 'user', 'Domestic', 'BE', '+3221111111', start, start, seconds, '0', '0', 'EUR', 'MCOPSTN1'].join(',');
    const importRows = async (...rows: string[]) => {
        const res = await h.as('contosoAdmin')('POST', `/api/customers/${LUCERNE}/usage`, `${HEADER}\n${rows.join('\n')}\n`, { 'content-type': 'text/csv' });
        expect(res.status).toBe(200);
    };
    /** Every alert orchestration the host knows has ended. */
    const alertRunsSettled = () => until(async () => {
        const res = await h.call('GET', '/runtime/webhooks/durabletask/instances', undefined, { 'x-functions-key': h.host.systemKey });
        const runs = (res.json as Array<{ name: string; runtimeStatus: string }>).filter((i) => ['usageAlerts', 'alertDelivery'].includes(i.name));
        return runs.length > 0 && runs.every((i) => ['Completed', 'Failed', 'Terminated'].includes(i.runtimeStatus)) ? runs : undefined;
    }, 30_000, 100);
    const alertsOf = async (agent: 'contosoAdmin' | 'litwareAdmin', month: string) => (await h.as(agent)('GET', `/api/alerts?month=${month}`)).json.alerts as Array<{ threshold: string; figures: { value: string } }>;

    test('usage imported: the alert fires once, mailed and posted signed; a second import fires nothing; another partner hears nothing', async () => {
        await h.setClock('2026-11-20T12:00:00Z');
        await h.as('contosoAdmin')('PUT', `/api/customers/${LUCERNE}/alerts`, { poolUsedAbovePercent: 80, mailCustomerAdmin: true });
        await h.as('litwareAdmin')('PUT', '/api/partners/1002/webhook', { url: litwareHook.url, secret: 'litware-webhook-secret-0123456789' });
        // Lucerne's domestic pools: 30 licences × 120 min = 3,600; 3,000 min used is 83.3%
        await importRows(row('a1', '2026-11-02T10:00:00Z', 180_000));
        await alertRunsSettled();
        expect((await alertsOf('contosoAdmin', '2026-11')).map((a) => [a.threshold, a.figures.value])).toEqual([['pool-used', '83.3']]);
        await until(async () => (contosoHook.received.length ? true : undefined), 15_000, 50);
        const [post] = contosoHook.received;
        expect(post.headers['x-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(post.raw).digest('hex')}`);
        expect(post.headers['x-signature']).not.toBe(`sha256=${createHmac('sha256', 'litware-webhook-secret-0123456789').update(post.raw).digest('hex')}`);
        expect(JSON.parse(post.raw.toString('utf8'))).toEqual(expect.objectContaining({ type: 'usage-alerts', partnerId: '1001', customerTenantId: LUCERNE, month: '2026-11' }));
        const mails = (await h.call('GET', '/simulator/mailbox')).json as Array<{ to: string[]; subject: string; text?: string }>;
        expect(mails.filter((m) => m.to.includes('ops@contoso-telecom.example') && /overage alert/.test(m.subject))).toHaveLength(1);
        expect(mails.filter((m) => m.to.includes('it@lucerne-publishing.example') && /calling costs/.test(m.subject))).toHaveLength(1);

        await importRows(row('a2', '2026-11-03T10:00:00Z', 600)); // a re-import: the month is still over 80%
        await alertRunsSettled();
        expect(await alertsOf('contosoAdmin', '2026-11')).toHaveLength(1);
        expect(contosoHook.received).toHaveLength(1);
        expect(await alertsOf('litwareAdmin', '2026-11')).toEqual([]);
        expect(litwareHook.received).toEqual([]);
        const deliveries = (await h.as('contosoAdmin')('GET', '/api/partners/1001/webhook/deliveries')).json.items;
        expect(deliveries.map((d: any) => [d.attempt, d.outcome, d.status, d.nextAttemptAt])).toEqual([[1, 'delivered', 204, null]]);
        expect((await h.as('litwareAdmin')('GET', '/api/partners/1002/webhook/deliveries')).json.items).toEqual([]);
    });

    test('usage pulled from Microsoft Graph: the alert fires once; pulling again fires nothing', async () => {
        const fabrikam = CUSTOMERS.fabrikam; // Contoso's; the simulator draws 40 calls a working day from September on
        await h.setClock('2026-11-25T12:00:00Z');
        await h.as('contosoAdmin')('PUT', `/api/customers/${fabrikam}/alerts`, { poolUsedAbovePercent: 1, mailCustomerAdmin: false });
        const posts = contosoHook.received.length;
        const pull = () => h.as('contosoAdmin')('POST', `/api/customers/${fabrikam}/usage/pull`, { from: '2026-11-01' });
        expect((await pull()).status).toBe(200);
        await alertRunsSettled();
        const fired = (await h.as('contosoAdmin')('GET', '/api/alerts?month=2026-11')).json.alerts.filter((a: { customerTenantId: string }) => a.customerTenantId === fabrikam);
        expect(fired.map((a: { threshold: string }) => a.threshold)).toEqual(['pool-used']);
        await until(async () => (contosoHook.received.length === posts + 1 ? true : undefined), 15_000, 50);
        expect((await pull()).status).toBe(200);
        await alertRunsSettled();
        expect((await h.as('contosoAdmin')('GET', '/api/alerts?month=2026-11')).json.alerts.filter((a: { customerTenantId: string }) => a.customerTenantId === fabrikam)).toEqual(fired);
        expect(contosoHook.received.length).toBe(posts + 1);
    });

    test('a receiver answering 503 is tried again when the host\'s clock reaches each recorded next attempt, and not after the budget', async () => {
        contosoHook.status = 503;
        contosoHook.received.length = 0;
        await h.setClock('2026-12-05T12:00:00Z');
        await importRows(row('d1', '2026-12-02T10:00:00Z', 180_000)); // December: a new month, the same threshold fires again
        const attempts = async () => (await h.as('contosoAdmin')('GET', '/api/partners/1001/webhook/deliveries?limit=10')).json.items
            .filter((d: { alertIds: string[] }) => d.alertIds[0].includes(':2026-12:')).reverse() as Array<{ attempt: number; at: string; outcome: string; status: number; nextAttemptAt: string | null }>;
        // waits of 1 min, then 2 (the most); the next would start 5 min after the first, past the 4.5 min budget: three attempts
        for (let n = 1; ; n++) {
            const seen = await until(async () => { const a = await attempts(); return a.length === n ? a : undefined; }, 15_000, 50);
            const next = seen[n - 1].nextAttemptAt;
            if (next === null) break;
            await h.setClock(new Date(Date.parse(next) + 200).toISOString()); // the durable timer wakes as the clock passes it
        }
        await h.setClock('2026-12-05T13:00:00Z');
        await alertRunsSettled();
        const seen = await attempts();
        expect(seen.map((d) => [d.attempt, d.outcome, d.status, d.nextAttemptAt === null])).toEqual([[1, 'failed', 503, false], [2, 'failed', 503, false], [3, 'failed', 503, true]]);
        const waits = seen.slice(1).map((d, i) => Math.round((Date.parse(d.at) - Date.parse(seen[i].at)) / 1000));
        expect(waits[0]).toBeGreaterThanOrEqual(60);
        expect(waits[1]).toBeGreaterThanOrEqual(120);
        expect(Date.parse(seen[2].at) - Date.parse(seen[0].at)).toBeLessThanOrEqual(270_000);
        expect(contosoHook.received.map((r) => r.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
        expect(new Set(contosoHook.received.map((r) => r.headers['x-delivery-id'])).size).toBe(1);
    });

    test('usage arriving on the pstn-usage queue is evaluated too', async () => {
        contosoHook.status = 204;
        await h.setClock('2027-01-10T12:00:00Z');
        const fields = HEADER.split(',');
        const values = row('q1', '2027-01-05T10:00:00Z', 180_000).split(',');
        const batch = { customerTenantId: LUCERNE, rows: [Object.fromEntries(fields.map((f, i) => [f, values[i]]))] };
        const sent = await h.call('POST', '/admin/queues/pstn-usage/messages', {
            body: batch, messageId: 'alerts-q1', applicationProperties: { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' },
        }, { 'x-functions-key': h.host.systemKey });
        expect(sent.status).toBeLessThan(300);
        const fired = await until(async () => { const a = await alertsOf('contosoAdmin', '2027-01'); return a.length ? a : undefined; }, 20_000, 100);
        expect(fired.map((a) => [a.threshold, a.figures.value])).toEqual([['pool-used', '83.3']]);
    });
});
