// Bad input to the host's own endpoints is refused with a 4xx problem, never
// a 5xx: broken percent-encoding, deep or invalid JSON, bad dates, bad queue
// names, oversized headers and malformed requests.
import * as path from 'node:path';
import { expectHostProblem, rawHttp, startTestHost, TestHost } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP, { simulator: {}, queues: { orders: { maxDeliveryCount: 3 } } }); });
afterAll(async () => { await t.stop(); });

const key = () => ({ 'x-functions-key': t.host.systemKey });
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('invalid percent-encoding anywhere in a path is a 400', () => {
    test.each([
        ['a function route', '/api/items/%ZZ'],
        ['the admin API', '/admin/queues/%ZZ'],
        ['the durable webhooks', '/runtime/webhooks/durabletask/instances/%ZZ'],
        ['the simulator', '/simulator/customers/%ZZ'],
        ['no route at all', '/%ZZ/x'],
        ['a lone percent', '/api/items/50%'],
    ])('%s', async (_what, p) => {
        expectHostProblem(await t.call('GET', p, undefined, key()), 400, 'invalid-path');
    });
});

describe('admin send', () => {
    test('a body nested 5,000 deep is a 400', async () => {
        const res = await t.call('POST', '/admin/queues/orders/messages', `{"body":${deep(5000)}}`, key());
        expectHostProblem(res, 400, 'invalid-json');
    });

    test('scheduledEnqueueTimeUtc that is not a date is a 400', async () => {
        const res = await t.call('POST', '/admin/queues/orders/messages', { body: 1, scheduledEnqueueTimeUtc: 'garbage' }, key());
        expectHostProblem(res, 400, 'invalid-message');
        expect(res.json.detail).toContain('scheduledEnqueueTimeUtc');
    });

    test('a valid message is still accepted', async () => {
        expect((await t.call('POST', '/admin/queues/orders/messages', { body: { order: 'bad-input-ok' } }, key())).status).toBe(201);
    });
});

describe('queue names', () => {
    test.each(['..%2F..%2Fx', '-leading', 'trailing.', 'a%20b', 'x'.repeat(261), 'a%2F%2Fb'])('%s is not a Service Bus queue name: 400', async (name) => {
        expectHostProblem(await t.call('POST', `/admin/queues/${name}/messages`, { body: 1 }, key()), 400, 'invalid-queue-name');
        expectHostProblem(await t.call('GET', `/admin/queues/${name}`, undefined, key()), 400, 'invalid-queue-name');
    });

    test('a well-formed name of a queue the host does not know is a 404, and is not created', async () => {
        expectHostProblem(await t.call('POST', '/admin/queues/nobody-listens/messages', { body: 1 }, key()), 404, 'queue-not-found');
        expectHostProblem(await t.call('GET', '/admin/queues/nobody-listens', undefined, key()), 404, 'queue-not-found');
        expectHostProblem(await t.call('GET', '/admin/queues/nobody-listens/deadletters', undefined, key()), 404, 'queue-not-found');
        const all = await t.call('GET', '/admin/queues', undefined, key());
        expect(all.json.map((q: { name: string }) => q.name)).not.toContain('nobody-listens');
    });

    test('a queue a binding names is known', async () => {
        expect((await t.call('GET', '/admin/queues/orders', undefined, key())).status).toBe(200);
    });
});

describe('requests the HTTP parser refuses', () => {
    test('oversized headers are a 431 problem', async () => {
        const raw = await rawHttp(t.url, `GET /api/items/a HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
        expect(raw).toMatch(/^HTTP\/1\.1 431 /);
        expect(raw).toMatch(/content-type: application\/problem\+json/i);
        expect(raw).toContain('"code":"request-header-too-large"');
    });

    test('a malformed request is a 400 problem', async () => {
        const raw = await rawHttp(t.url, 'THIS IS NOT HTTP\r\n\r\n');
        expect(raw).toMatch(/^HTTP\/1\.1 400 /);
        expect(raw).toMatch(/content-type: application\/problem\+json/i);
        expect(raw).toContain('"code":"malformed-request"');
    });

    test('a Host header that is not a host is a 400 problem', async () => {
        const raw = await rawHttp(t.url, 'GET /api/items/a HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n');
        expect(raw).toMatch(/^HTTP\/1\.1 400 /);
        expect(raw).toContain('"code":"invalid-host"');
    });
});

test('the simulator refuses a body nested 5,000 deep with a 400', async () => {
    const res = await t.call('POST', '/simulator/customers/10000000-0000-4000-8000-000000000001', `{"a":${deep(5000)}}`);
    expect(res.status).toBe(400);
});
