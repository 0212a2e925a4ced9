// One webhook attempt against a real receiver on this machine: the body is
// signed as the README's recipe says (a receiver's own HMAC-SHA256 of the raw
// body with the secret matches `X-Signature`; with another secret it does
// not), carries the delivery id and attempt, and every outcome is recorded:
// 2xx delivered, 4xx refused (no next attempt), 5xx and a timeout failed
// (with the next attempt's time). A partner without a webhook gets nothing.
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { RegisteredContainers } from '../../shared/adapters/state/registeredContainers';
import { verifySignature } from '../../shared/core/alerts/webhookSignature';
import { outcomeOfStatus } from '../../shared/core/alerts/webhookRetry';
import { webhookUrlRefusal } from '../../shared/features/alerts/alertConfig';
import { recordAlert } from '../../shared/features/alerts/alertStore';
import { attemptWebhook } from '../../shared/features/alerts/webhookDelivery';
import { deliveryAttempts, saveWebhook } from '../../shared/features/alerts/webhookStore';
import { monthToDate } from './monthToDateFixture';

const CUSTOMER = '10000000-0000-4000-8000-000000000007';
const SECRET = 'a-secret-of-the-partner-0123456789';
const AT = Date.parse('2031-03-15T03:10:00.000Z');
const env = { WEBHOOK_ALLOW_HTTP_LOCALHOST: 'true', WEBHOOK_TIMEOUT_MS: '300' };

interface Received { headers: http.IncomingHttpHeaders; raw: Buffer }
let server: http.Server;
let url: string;
let answer: (res: http.ServerResponse) => void;
const received: Received[] = [];

beforeAll(async () => {
    server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => { received.push({ headers: req.headers, raw: Buffer.concat(chunks) }); answer(res); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });
beforeEach(() => { received.length = 0; });

async function setup() {
    const stateStore = new RegisteredContainers(new EmbeddedStateStore(undefined));
    await saveWebhook(stateStore, { partnerId: '1001', url, secret: SECRET, updatedAt: '2031-03-01T00:00:00.000Z', updatedBy: 'admin' });
    const alert = await recordAlert(stateStore, {
        partnerId: '1001', customerTenantId: CUSTOMER, month: '2031-03', firedAt: '2031-03-15T03:10:00.000Z', mailCustomerAdmin: false, evaluationId: 'e1',
        crossing: { threshold: 'forecast-overage', figures: { value: '450', limit: '400', currency: 'EUR', day: null, forecastOverage: monthToDate({ expectedOverage: '450' }).forecast.overageAmount, asOf: null } },
    });
    const deps = { stateStore, clock: { now: () => AT }, env };
    const request = (attempt: number) => ({ partnerId: '1001', customerTenantId: CUSTOMER, alertIds: [alert.id], deliveryId: 'alertDelivery-e1-1001', attempt, retryAt: '2031-03-15T03:15:00.000Z' });
    return { stateStore, deps, request, alert };
}

test('the signature verifies with the recipe (HMAC-SHA256 of the raw body, hex, "sha256=" before it) and not with another secret', async () => {
    answer = (res) => res.writeHead(204).end();
    const { deps, request, alert } = await setup();
    expect(await attemptWebhook(deps, request(1))).toEqual({ outcome: 'delivered', status: 204 });
    const [got] = received;
    const recipe = (secret: string) => `sha256=${createHmac('sha256', secret).update(got.raw).digest('hex')}`;
    expect(got.headers['x-signature']).toBe(recipe(SECRET));
    expect(got.headers['x-signature']).not.toBe(recipe('another-secret-of-16-chars'));
    expect(verifySignature(SECRET, got.raw, got.headers['x-signature'] as string)).toBe(true);
    expect(verifySignature('another-secret-of-16-chars', got.raw, got.headers['x-signature'] as string)).toBe(false);
    expect(verifySignature(SECRET, Buffer.concat([got.raw, Buffer.from(' ')]), got.headers['x-signature'] as string)).toBe(false);
    expect([got.headers['x-delivery-id'], got.headers['x-delivery-attempt'], got.headers['content-type']]).toEqual(['alertDelivery-e1-1001', '1', 'application/json']);
    const body = JSON.parse(got.raw.toString('utf8'));
    expect(body).toEqual({ type: 'usage-alerts', deliveryId: 'alertDelivery-e1-1001', partnerId: '1001', customerTenantId: CUSTOMER, month: '2031-03', alerts: [{ id: alert.id, threshold: 'forecast-overage', firedAt: alert.firedAt, figures: alert.figures }] });
});

test('every attempt recorded: 5xx failed with the next attempt\'s time, 4xx refused with none, the same body bytes each time', async () => {
    const { deps, request, stateStore } = await setup();
    answer = (res) => res.writeHead(503).end('busy');
    expect(await attemptWebhook(deps, request(1))).toEqual({ outcome: 'failed', status: 503 });
    answer = (res) => res.writeHead(410).end();
    expect(await attemptWebhook(deps, request(2))).toEqual({ outcome: 'refused', status: 410 });
    expect(received[0].raw.equals(received[1].raw)).toBe(true);
    const attempts = await deliveryAttempts(stateStore, '1001', 10);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status, a.nextAttemptAt, a.error])).toEqual(expect.arrayContaining([
        [1, 'failed', 503, '2031-03-15T03:15:00.000Z', 'the receiver answered 503'],
        [2, 'refused', 410, null, 'the receiver answered 410'],
    ]));
    expect(await deliveryAttempts(stateStore, '1002', 10)).toEqual([]);
});

test('a receiver that does not answer in time: failed, no status, said so', async () => {
    const { deps, request, stateStore } = await setup();
    answer = () => undefined; // never answers
    expect(await attemptWebhook(deps, request(1))).toEqual({ outcome: 'failed', status: null });
    expect((await deliveryAttempts(stateStore, '1001', 1))[0].error).toBe('no answer within 300 ms');
});

test('no webhook: nothing sent, nothing recorded', async () => {
    const { deps, request, stateStore } = await setup();
    expect(await attemptWebhook(deps, { ...request(1), partnerId: '1002' })).toEqual({ outcome: 'no-webhook', status: null });
    expect(received).toEqual([]);
    expect(await deliveryAttempts(stateStore, '1002', 10)).toEqual([]);
});

test('URLs: https anywhere; http only to this machine, only when allowed, never in Azure', () => {
    expect(webhookUrlRefusal('https://hooks.example.com/x', {})).toBeNull();
    expect(webhookUrlRefusal('http://hooks.example.com/x', env)).toBe('must be https');
    expect(webhookUrlRefusal('http://127.0.0.1:9/x', {})).toBe('must be https');
    expect(webhookUrlRefusal('http://localhost:9/x', env)).toBeNull();
    expect(webhookUrlRefusal('http://localhost:9/x', { ...env, WEBSITE_SITE_NAME: 'app' })).toBe('must be https');
    expect(webhookUrlRefusal('https://user:pw@hooks.example.com/x', {})).toMatch(/user name/);
    expect(webhookUrlRefusal('hooks.example.com', {})).toBe('is not an absolute URL');
});

test('what is tried again: 5xx, 408 and 429; not 2xx, 3xx or other 4xx', () => {
    expect([200, 204, 301, 400, 401, 404, 408, 429, 500, 503].map(outcomeOfStatus)).toEqual(['delivered', 'delivered', 'refused', 'refused', 'refused', 'refused', 'failed', 'failed', 'failed', 'failed']);
});
