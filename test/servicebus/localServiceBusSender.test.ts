import { openKv } from '../../shared/embedded/kv';
import { EmbeddedQueues } from '../../local/servicebus/embeddedQueues';
import { createLocalServiceBusClient, LocalServiceBusSender, QueueSender } from '../../local/servicebus/localServiceBusSender';

const T0 = Date.parse('2024-01-01T00:00:00Z');

function setup() {
    const clock = { now: T0 };
    const queues = new EmbeddedQueues(openKv(undefined), { clock: () => clock.now });
    return { queues, clock, client: createLocalServiceBusClient(queues) };
}

describe('LocalServiceBusSender', () => {
    it('has the SDK sender shape', () => {
        const { client } = setup();
        const sender: QueueSender = client.createSender('orders');
        expect(sender).toBeInstanceOf(LocalServiceBusSender);
        expect(sender.entityPath).toBe('orders');
        expect(sender.identifier).toEqual(expect.any(String));
        expect(sender.isClosed).toBe(false);
    });

    it('sends one message or a batch to its queue, keeping the message properties', async () => {
        const { queues, client } = setup();
        const sender = client.createSender('orders');
        await sender.sendMessages({ body: { id: 1 }, messageId: 'o1', contentType: 'application/json', applicationProperties: { kind: 'new' } });
        await sender.sendMessages([{ body: { id: 2 } }, { body: { id: 3 } }]);
        expect(queues.counts('orders').active).toBe(3);
        expect(await queues.receive('orders')).toMatchObject({ body: { id: 1 }, messageId: 'o1', contentType: 'application/json', applicationProperties: { kind: 'new' } });
        expect(queues.counts('other').active).toBe(0);
    });

    it('schedules messages, resolving with their sequence numbers as numbers', async () => {
        const { queues, clock, client } = setup();
        const sender = client.createSender('reminders');
        const at = new Date(T0 + 60_000);
        const sequenceNumbers = await sender.scheduleMessages([{ body: 'r1' }, { body: 'r2' }], at);
        expect(sequenceNumbers).toEqual([1, 2]);
        expect(await queues.receive('reminders')).toBeUndefined();
        clock.now = at.getTime();
        expect(await queues.receive('reminders')).toMatchObject({ body: 'r1', scheduledEnqueueTimeUtc: at });
    });

    it('refuses to send once closed, and the client closes every sender it created', async () => {
        const { client } = setup();
        const a = client.createSender('a');
        const b = client.createSender('b');
        await a.close();
        expect(a.isClosed).toBe(true);
        await expect(a.sendMessages({ body: 1 })).rejects.toThrow(/closed/);
        await client.close();
        expect(b.isClosed).toBe(true);
        await expect(b.scheduleMessages({ body: 1 }, new Date())).rejects.toThrow(/closed/);
    });
});
