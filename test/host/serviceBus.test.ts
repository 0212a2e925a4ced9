// Service Bus queue triggers and output bindings through the embedded host:
// peek-lock delivery, redelivery on throw, dead-lettering, resubmission, and
// the local sender port feeding the same queues.
import * as path from 'node:path';
import { LocalQueueSender } from '../../shared/adapters/messaging/localQueueSender';
import { seen } from '../apps/triggersApp';
import { startTestHost, TestHost } from '../helpers/testHost';
import { until } from '../helpers/wait';

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
