// The host's triggers for an app that does not stream HTTP (test/apps/triggersApp.ts),
// one file so the app and the host's modules load once: HTTP semantics, bad
// input refused as problems, the property suite over every endpoint, Service
// Bus queues, timer triggers across a restart, and far-future schedules.
// Each part starts its own host (their options differ), one after another.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpServer } from '../../local/http/server';
import { LocalQueueSender } from '../../shared/adapters/messaging/localQueueSender';
import { seen } from '../apps/triggersApp';
import { TestHost, expectHostProblem, rawHttp, startTestHost, tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { describeHostProperties, query } from './hostProperties';
import { describeHttpSemantics } from './httpSemantics';
import { YEAR_9999, watchWarnings } from './warnings';

describe('HTTP triggers', () => {
    // HTTP triggers through the embedded host, for an app that does not enable
    // HTTP streaming: the host reads the body (up to its limit) and hands it over.
    const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
    const LIMIT = 1024;
    let t: TestHost;

    beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: LIMIT }); });
    afterAll(async () => { await t.stop(); });

    describeHttpSemantics(() => t, LIMIT);

    test('while the app is loading, requests get a 503 with Retry-After', async () => {
        const server = new HttpServer({ mounts: [], maxRequestBodyBytes: LIMIT });
        const port = await server.listen(0, '127.0.0.1');
        try {
            const res = await fetch(`http://127.0.0.1:${port}/api/items/a`);
            expect(res.status).toBe(503);
            expect(res.headers.get('retry-after')).toBe('1');
        } finally {
            await server.close();
        }
    });
});

describe('bad input to the host', () => {
    // Bad input to the host's own endpoints is refused with a 4xx problem, never
    // a 5xx: broken percent-encoding, deep or invalid JSON, bad dates, bad queue
    // names, oversized headers and malformed requests.
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
});

describe('properties of every endpoint', () => {
    // Property suite over every host endpoint (see hostProperties.ts), with an app
    // that does not stream HTTP: the admin queue API, the Durable webhooks, the
    // simulator's control endpoints and the test app's function routes.
    const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
    let t: TestHost;

    beforeAll(async () => { t = await startTestHost(APP, { simulator: {}, maxRequestBodyBytes: 512 * 1024 }); });
    afterAll(async () => { await t.stop(); });

    describeHostProperties(() => t, [
        { name: 'admin queue API', prefixes: ['/admin/', '/admin/queues/', '/admin/queues/orders/', '/admin/queues/orders/deadletters/'], query: query(() => t) },
        { name: 'Durable webhooks', prefixes: ['/runtime/webhooks/durabletask/', '/runtime/webhooks/durabletask/instances/', '/runtime/webhooks/durabletask/orchestrators/'], query: query(() => t) },
        { name: 'simulator control endpoints', prefixes: ['/simulator/', '/simulator/token', '/simulator/customers/', '/simulator/faults', '/simulator/mailbox', '/simulator/world'], query: query(() => t) },
        { name: 'function routes', prefixes: ['/', '/api/', '/api/items/', '/api/orders', '/api/cookies', '/api/empty'], query: query(() => t) },
    ]);
});

describe('Service Bus queues', () => {
    // Service Bus queue triggers and output bindings through the embedded host:
    // peek-lock delivery, redelivery on throw, dead-lettering, resubmission, and
    // the local sender port feeding the same queues.
    const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
    let t: TestHost;

    beforeAll(async () => { t = await startTestHost(APP, { queues: { orders: { maxDeliveryCount: 3 } } }); });
    afterAll(async () => { await t.stop(); });

    const admin = (p: string) => `/admin/queues/${p}`;
    const key = () => ({ 'x-functions-key': t.host.systemKey });

    test('an output binding message reaches the queue trigger with its metadata, then is completed', async () => {
        expect((await t.call('POST', '/api/orders', { order: 'o-1', qty: 2 })).status).toBe(202);
        const got = await until(() => seen.messages.find((m) => (m.body as { order?: string }).order === 'o-1'));
        expect(got.body).toEqual({ order: 'o-1', qty: 2 });
        expect(got.meta).toMatchObject({ messageId: expect.any(String), deliveryCount: 1, sequenceNumber: expect.any(Number), enqueuedTimeUtc: expect.any(String) });
        await until(() => (t.host.queues.counts('orders').locked === 0 ? true : undefined));
        expect(t.host.queues.counts('orders')).toMatchObject({ active: 0, locked: 0 });
    });

    test('the local sender port feeds the same queue, application properties included', async () => {
        const sender = new LocalQueueSender(t.url, t.host.systemKey);
        await sender.send('orders', [{ body: { order: 'o-2' }, messageId: 'm-2', applicationProperties: { agentUpn: 'a@contoso.example' } }]);
        const got = await until(() => seen.messages.find((m) => m.meta.messageId === 'm-2'));
        expect(got.meta.applicationProperties).toEqual({ agentUpn: 'a@contoso.example' });
        await expect(sender.ready('orders')).resolves.toBeUndefined();
    });

    test('a throwing function gets the message again with a higher delivery count', async () => {
        seen.failuresLeft.set('m-3', 1);
        await t.call('POST', admin('orders/messages'), { body: { order: 'o-3' }, messageId: 'm-3' }, key());
        const got = await until(() => seen.messages.find((m) => m.meta.messageId === 'm-3'));
        expect(got.meta.deliveryCount).toBe(2);
    });

    test('after maxDeliveryCount failures the message is dead-lettered with a reason, and can be resubmitted', async () => {
        seen.failuresLeft.set('m-4', 100);
        await t.call('POST', admin('orders/messages'), { body: { order: 'o-4' }, messageId: 'm-4' }, key());
        const letters = await until(() => t.host.queues.listDeadLetters('orders').find((m) => m.messageId === 'm-4'));
        expect(letters).toMatchObject({ deadLetterReason: 'MaxDeliveryCountExceeded', deliveryCount: 3 });
        expect(letters.deadLetterErrorDescription).toContain('not processable yet');
        const listed = await t.call('GET', admin('orders/deadletters'), undefined, key());
        expect(listed.json.map((m: { messageId: string }) => m.messageId)).toContain('m-4');

        seen.failuresLeft.set('m-4', 0);
        const resubmitted = await t.call('POST', admin('orders/deadletters/m-4/resubmit'), undefined, key());
        expect(resubmitted.status).toBe(200);
        const got = await until(() => seen.messages.find((m) => m.meta.messageId === 'm-4'));
        expect(got.meta.deliveryCount).toBe(1);
        expect(t.host.queues.listDeadLetters('orders').find((m) => m.messageId === 'm-4')).toBeUndefined();
    });

    test('a scheduled message is delivered only at its time', async () => {
        const at = new Date(Date.now() + 400);
        await t.call('POST', admin('orders/messages'), { body: { order: 'o-5' }, messageId: 'm-5', scheduledEnqueueTimeUtc: at.toISOString() }, key());
        const got = await until(() => seen.messages.find((m) => m.meta.messageId === 'm-5'));
        expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
        expect(got.body).toEqual({ order: 'o-5' });
    });

    test('the admin API needs the key and validates messages', async () => {
        expect((await t.call('GET', admin(''))).status).toBe(401);
        expect((await t.call('POST', admin('orders/messages'), '{not json', key())).status).toBe(400);
        expect((await t.call('POST', admin('orders/messages'), { nobody: 1 }, key())).status).toBe(400);
        expect((await t.call('POST', admin('orders/deadletters/unknown/resubmit'), undefined, key())).status).toBe(404);
    });
});

describe('timer triggers', () => {
    // Timer triggers through the embedded host: NCRONTAB schedules, and the
    // schedule status that survives a restart so a missed occurrence runs past due.
    const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');

    test('a six-field schedule fires, and an occurrence missed while stopped runs once past due', async () => {
        const dataDir = tempDir('too-timer-');
        try {
            let t = await startTestHost(APP, { dataDir, disableTimers: false });
            await until(() => seen.timers.length >= 1 || undefined, 4000);
            const first = seen.timers[0];
            expect(first.isPastDue).toBe(false);
            expect(Math.abs(Date.parse(first.next) - Date.now())).toBeLessThan(2000); // every second: the due occurrence is now
            await t.stop();

            await new Promise((r) => setTimeout(r, 1500)); // the host is down across an occurrence
            const count = seen.timers.length;
            t = await startTestHost(APP, { dataDir, disableTimers: false });
            await until(() => seen.timers.length > count || undefined, 3000);
            expect(seen.timers[count].isPastDue).toBe(true);
            await t.stop();
        } finally {
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });
});

describe('far-future schedules', () => {
    // Far-future schedules sleep quietly: setTimeout caps at 2^31-1 ms, and a
    // longer delay makes Node warn and fire after 1 ms, so a host that passed one
    // through would spin. No TimeoutOverflowWarning, next to no wake-ups, also
    // after a restart on the same data dir.
    const TRIGGERS = path.join(__dirname, '..', 'apps', 'triggersApp.ts');

    /** How often the queue side of the host woke up to look for work during `ms`. */
    async function queueWakeUps(t: TestHost, ms: number): Promise<number> {
        const looks = jest.spyOn(t.host.queues, 'nextVisibleIn');
        const receives = jest.spyOn(t.host.queues, 'receive');
        await new Promise((r) => setTimeout(r, ms));
        const n = looks.mock.calls.length + receives.mock.calls.length;
        looks.mockRestore();
        receives.mockRestore();
        return n;
    }

    test('a message scheduled for 9999-12-31 sleeps quietly, before and after a restart', async () => {
        const dataDir = tempDir('too-far-');
        const watch = watchWarnings();
        try {
            let t = await startTestHost(TRIGGERS, { dataDir });
            const key = { 'x-functions-key': t.host.systemKey };
            const sent = await t.call('POST', '/admin/queues/orders/messages', { body: { order: 'far' }, messageId: 'far-1', scheduledEnqueueTimeUtc: YEAR_9999 }, key);
            expect(sent.status).toBe(201);
            expect(await queueWakeUps(t, 500)).toBeLessThan(5);
            expect(t.host.queues.counts('orders')).toMatchObject({ scheduled: 1 });
            await t.stop();

            t = await startTestHost(TRIGGERS, { dataDir });
            expect(await queueWakeUps(t, 500)).toBeLessThan(5);
            expect(t.host.queues.counts('orders')).toMatchObject({ scheduled: 1 });
            expect(Math.abs(t.host.clock.now() + t.host.queues.nextVisibleIn('orders')! - Date.parse(YEAR_9999))).toBeLessThan(1000); // still due at its time
            await t.stop();
            expect(watch.warnings).toEqual([]);
            expect(seen.messages.find((m) => m.meta.messageId === 'far-1')).toBeUndefined();
        } finally {
            watch.stop();
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });

    test('a lock longer than setTimeout allows is renewed without warnings', async () => {
        const watch = watchWarnings();
        const t = await startTestHost(TRIGGERS, { queues: { orders: { lockDurationMs: 2 ** 40 } } });
        try {
            await t.call('POST', '/admin/queues/orders/messages', { body: { order: 'long-lock' }, messageId: 'long-lock-1' }, { 'x-functions-key': t.host.systemKey });
            await until(() => seen.messages.find((m) => m.meta.messageId === 'long-lock-1'));
            await new Promise((r) => setTimeout(r, 100));
            expect(watch.warnings).toEqual([]);
        } finally {
            await t.stop();
            watch.stop();
        }
    });
});
