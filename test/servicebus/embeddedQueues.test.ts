import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { EmbeddedQueues, EmbeddedQueuesOptions, MessageLockLostError, ReceivedMessage } from '../../local/servicebus/embeddedQueues';

const T0 = Date.parse('2024-01-01T00:00:00Z');

/** One fake time for the host's clock and process time alike; `host` moves the host's clock alone. */
function setup(options: Omit<EmbeddedQueuesOptions, 'clock' | 'processTime'> = {}) {
    const clock = { now: T0, host: 0 };
    const queues = new EmbeddedQueues(openKv(undefined), { ...options, clock: { now: () => clock.now + clock.host }, processTime: { now: () => clock.now } });
    return { queues, clock };
}

async function mustReceive(queues: EmbeddedQueues, queue: string): Promise<ReceivedMessage> {
    const message = await queues.receive(queue);
    if (!message) throw new Error(`expected a message on ${queue}`);
    return message;
}

describe('EmbeddedQueues peek-lock', () => {
    it('assigns ids, sequence numbers and enqueue time, and delivers in sequence order with a lock', async () => {
        const { queues } = setup();
        const sent = new Date('2023-12-31T12:00:00Z');
        expect(
            await queues.send('orders', [
                { body: { n: 1 }, contentType: 'application/json', correlationId: 'c1', subject: 'new', applicationProperties: { tenant: 't1', at: sent } },
                { body: 'two', messageId: 'my-id' },
            ]),
        ).toEqual([1, 2]);

        const first = await mustReceive(queues, 'orders');
        expect(first).toMatchObject({
            body: { n: 1 },
            sequenceNumber: 1,
            deliveryCount: 1,
            contentType: 'application/json',
            correlationId: 'c1',
            subject: 'new',
            applicationProperties: { tenant: 't1', at: sent },
            enqueuedTimeUtc: new Date(T0),
            lockedUntilUtc: new Date(T0 + 60_000),
        });
        expect(typeof first.messageId).toBe('string');
        expect(first.lockToken).toEqual(expect.any(String));

        // the first one is locked, so the next receive gets the second
        const second = await mustReceive(queues, 'orders');
        expect(second).toMatchObject({ body: 'two', messageId: 'my-id', sequenceNumber: 2 });
        expect(await queues.receive('orders')).toBeUndefined();
        expect(queues.counts('orders')).toEqual({ active: 0, scheduled: 0, locked: 2, deadLetter: 0 });
    });

    it('never hands the same message to concurrent receivers', async () => {
        const { queues } = setup();
        await queues.send('q', [{ body: 1 }, { body: 2 }]);
        const [a, b, c] = await Promise.all([queues.receive('q'), queues.receive('q'), queues.receive('q')]);
        expect([a?.body, b?.body].sort()).toEqual([1, 2]);
        expect(c).toBeUndefined();
    });

    it('complete removes the message, and its lock token cannot be used again', async () => {
        const { queues } = setup();
        await queues.send('q', { body: 'x' });
        const m = await mustReceive(queues, 'q');
        await queues.complete(m.lockToken);
        expect(queues.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 0, deadLetter: 0 });
        expect(await queues.receive('q')).toBeUndefined();
        expect(queues.nextVisibleIn('q')).toBeUndefined();
        await expect(queues.complete(m.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
    });

    it('abandon redelivers the same message with deliveryCount + 1 and a new lock', async () => {
        const { queues } = setup();
        await queues.send('q', { body: 'x', messageId: 'm1' });
        const first = await mustReceive(queues, 'q');
        await queues.abandon(first.lockToken, 'boom');
        const again = await mustReceive(queues, 'q');
        expect(again).toMatchObject({ messageId: 'm1', sequenceNumber: first.sequenceNumber, deliveryCount: 2 });
        expect(again.lockToken).not.toBe(first.lockToken);
        await expect(queues.abandon(first.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
    });

    it('dead-letters on the abandon of the 10th delivery by default, with the last error as description', async () => {
        const { queues } = setup();
        await queues.send('q', { body: 'poison', messageId: 'p' });
        for (let delivery = 1; delivery <= 9; delivery++) {
            const m = await mustReceive(queues, 'q');
            expect(m.deliveryCount).toBe(delivery);
            await queues.abandon(m.lockToken, `error ${delivery}`);
        }
        expect(queues.counts('q').deadLetter).toBe(0);
        const last = await mustReceive(queues, 'q');
        await queues.abandon(last.lockToken, 'error 10');

        expect(await queues.receive('q')).toBeUndefined();
        expect(queues.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 0, deadLetter: 1 });
        expect(queues.listDeadLetters('q')).toEqual([
            expect.objectContaining({
                messageId: 'p',
                body: 'poison',
                deliveryCount: 10,
                deadLetterReason: 'MaxDeliveryCountExceeded',
                deadLetterErrorDescription: 'error 10',
            }),
        ]);
    });

    it('honours a per-queue maxDeliveryCount', async () => {
        const { queues } = setup({ maxDeliveryCount: 5, queues: { strict: { maxDeliveryCount: 2 } } });
        await queues.send('strict', { body: 1 });
        await queues.send('lenient', { body: 1 });
        for (let i = 0; i < 2; i++) {
            await queues.abandon((await mustReceive(queues, 'strict')).lockToken);
            await queues.abandon((await mustReceive(queues, 'lenient')).lockToken);
        }
        expect(queues.counts('strict').deadLetter).toBe(1);
        expect(queues.listDeadLetters('strict')[0].deadLetterErrorDescription).toBe('Message could not be consumed after 2 delivery attempts.');
        expect(queues.counts('lenient')).toMatchObject({ active: 1, deadLetter: 0 });
    });

    it('dead-letters explicitly with the given reason and description', async () => {
        const { queues } = setup();
        await queues.send('q', { body: 'bad', messageId: 'b' });
        const m = await mustReceive(queues, 'q');
        await queues.deadLetter(m.lockToken, { deadLetterReason: 'ValidationFailed', deadLetterErrorDescription: 'amount < 0' });
        expect(await queues.receive('q')).toBeUndefined();
        expect(queues.listDeadLetters('q')).toEqual([
            expect.objectContaining({ messageId: 'b', deliveryCount: 1, deadLetterReason: 'ValidationFailed', deadLetterErrorDescription: 'amount < 0' }),
        ]);
        await expect(queues.complete(m.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
    });

    it('resubmits a dead letter as a fresh delivery that keeps body and properties', async () => {
        const { queues } = setup();
        await queues.send('q', { body: { a: 1 }, messageId: 'r', subject: 's', applicationProperties: { k: 'v' } });
        await queues.send('q', { body: 'later' });
        const m = await mustReceive(queues, 'q');
        await queues.deadLetter(m.lockToken, { deadLetterReason: 'Manual' });

        expect(await queues.resubmitDeadLetter('q', 'nope')).toBeUndefined();
        const seq = await queues.resubmitDeadLetter('q', 'r');
        expect(seq).toBe(3);
        expect(queues.listDeadLetters('q')).toEqual([]);

        expect((await mustReceive(queues, 'q')).body).toBe('later'); // a resubmit goes to the back of the queue
        const again = await mustReceive(queues, 'q');
        expect(again).toMatchObject({ messageId: 'r', sequenceNumber: 3, deliveryCount: 1, body: { a: 1 }, subject: 's', applicationProperties: { k: 'v' } });
        expect(again.deadLetterReason).toBeUndefined();
    });

    it('purges dead letters', async () => {
        const { queues } = setup();
        await queues.send('q', [{ body: 1 }, { body: 2 }]);
        await queues.deadLetter((await mustReceive(queues, 'q')).lockToken);
        await queues.deadLetter((await mustReceive(queues, 'q')).lockToken);
        expect(await queues.purgeDeadLetters('q')).toBe(2);
        expect(queues.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 0, deadLetter: 0 });
    });

    it('keeps a scheduled message invisible until its time, without holding back later messages', async () => {
        const { queues, clock } = setup();
        const at = new Date(T0 + 30_000);
        await queues.send('q', { body: 'scheduled', scheduledEnqueueTimeUtc: at });
        await queues.send('q', { body: 'now' });
        expect(queues.counts('q')).toEqual({ active: 1, scheduled: 1, locked: 0, deadLetter: 0 });

        await queues.complete((await mustReceive(queues, 'q')).lockToken);
        expect(await queues.receive('q')).toBeUndefined();
        expect(queues.nextVisibleIn('q')).toBe(30_000);

        clock.now = at.getTime() - 1;
        expect(await queues.receive('q')).toBeUndefined();
        clock.now = at.getTime();
        expect(await mustReceive(queues, 'q')).toMatchObject({ body: 'scheduled', sequenceNumber: 1, enqueuedTimeUtc: at, scheduledEnqueueTimeUtc: at });
    });

    it('a clock set back holds back only scheduled messages: one sent to be received now stays receivable', async () => {
        const { queues, clock } = setup();
        const at = new Date(T0 + 30_000);
        await queues.send('q', [{ body: 'now' }, { body: 'scheduled', scheduledEnqueueTimeUtc: at }]);
        clock.host = -86_400_000;
        expect(queues.counts('q')).toEqual({ active: 1, scheduled: 1, locked: 0, deadLetter: 0 });
        expect(queues.nextVisibleIn('q')).toBeLessThanOrEqual(0);
        const now = await mustReceive(queues, 'q');
        expect(now).toMatchObject({ body: 'now', enqueuedTimeUtc: new Date(T0) });
        expect(await queues.receive('q')).toBeUndefined();
        await queues.complete(now.lockToken);
        expect(queues.nextVisibleIn('q')).toBe(30_000 + 86_400_000);
    });

    it('redelivers a message whose lock expired, and the expired token can no longer settle it', async () => {
        const { queues, clock } = setup({ lockDurationMs: 1000 });
        await queues.send('q', { body: 'slow' });
        const first = await mustReceive(queues, 'q');
        expect(first.lockedUntilUtc).toEqual(new Date(T0 + 1000));
        expect(queues.nextVisibleIn('q')).toBe(1000);

        clock.now = T0 + 999;
        expect(await queues.receive('q')).toBeUndefined();
        clock.now = T0 + 1000;
        expect(queues.counts('q')).toMatchObject({ active: 1, locked: 0 });
        const second = await mustReceive(queues, 'q');
        expect(second.deliveryCount).toBe(2);
        await expect(queues.complete(first.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
        await queues.complete(second.lockToken);
        expect(queues.counts('q').active).toBe(0);
    });

    it('a lock lasts its duration whatever the host\'s clock does: set a day forward or back, the message stays locked and settles', async () => {
        const { queues, clock } = setup({ lockDurationMs: 1000 });
        await queues.send('q', [{ body: 'forward' }, { body: 'back' }]);
        const forward = await mustReceive(queues, 'q');
        clock.host = 86_400_000;
        expect(await queues.receive('q')).toMatchObject({ body: 'back' });
        expect(queues.counts('q')).toMatchObject({ active: 0, locked: 2 });
        expect(queues.renewLock(forward.lockToken)).toEqual(new Date(T0 + 86_400_000 + 1000)); // a time of day, on the host's clock
        await queues.complete(forward.lockToken);

        await queues.send('q', { body: 'again' });
        const back = await mustReceive(queues, 'q');
        clock.host = -86_400_000;
        expect(queues.nextVisibleIn('q')).toBe(1000);
        clock.now = T0 + 999;
        expect(await queues.receive('q')).toBeUndefined();
        await queues.complete(back.lockToken);
        expect(queues.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 1, deadLetter: 0 });
    });

    it('an expired lock cannot settle even before anyone else receives the message', async () => {
        const { queues, clock } = setup({ lockDurationMs: 1000 });
        await queues.send('q', { body: 'slow' });
        const m = await mustReceive(queues, 'q');
        clock.now = T0 + 1000;
        await expect(queues.complete(m.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
        expect((await mustReceive(queues, 'q')).deliveryCount).toBe(2);
    });

    it('renewLock extends the lock by the lock duration', async () => {
        const { queues, clock } = setup({ lockDurationMs: 1000 });
        await queues.send('q', { body: 'long job' });
        const m = await mustReceive(queues, 'q');
        clock.now = T0 + 900;
        expect(queues.renewLock(m.lockToken)).toEqual(new Date(T0 + 1900));
        clock.now = T0 + 1500;
        expect(await queues.receive('q')).toBeUndefined();
        await queues.complete(m.lockToken);
    });

    it('dead-letters a message whose last allowed delivery lost its lock', async () => {
        const { queues, clock } = setup({ lockDurationMs: 1000, maxDeliveryCount: 1 });
        await queues.send('q', { body: 'hangs' });
        await mustReceive(queues, 'q');
        clock.now = T0 + 1000;
        expect(await queues.receive('q')).toBeUndefined();
        expect(queues.listDeadLetters('q')).toEqual([
            expect.objectContaining({ deadLetterReason: 'MaxDeliveryCountExceeded', deliveryCount: 1 }),
        ]);
    });

    it('drops a message whose time to live passed before it was received', async () => {
        const { queues, clock } = setup();
        await queues.send('q', [{ body: 'short', timeToLive: 5000 }, { body: 'long', timeToLive: 60_000 }]);
        clock.now = T0 + 5000;
        expect(await mustReceive(queues, 'q')).toMatchObject({ body: 'long', expiresAtUtc: new Date(T0 + 60_000) });
        expect(queues.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 1, deadLetter: 0 });
    });

    it('copies message contents, so neither sender nor receiver can change what is stored', async () => {
        const { queues } = setup();
        const body = { items: [1] };
        await queues.send('q', [{ body }, { body: Buffer.from('raw') }]);
        body.items.push(2);
        const m = await mustReceive(queues, 'q');
        (m.body as { items: number[] }).items.push(3);
        await queues.abandon(m.lockToken);
        expect((await mustReceive(queues, 'q')).body).toEqual({ items: [1] });
        const raw = await mustReceive(queues, 'q');
        expect(Buffer.isBuffer(raw.body)).toBe(true);
        expect(raw.body.toString()).toBe('raw');
    });

    it('notifies listeners when a message becomes receivable, until they unsubscribe', async () => {
        const { queues } = setup();
        const seen: string[] = [];
        const unsubscribe = queues.onAvailable((queue) => seen.push(queue));
        await queues.send('a', { body: 1 });
        await queues.abandon((await mustReceive(queues, 'a')).lockToken);
        unsubscribe();
        await queues.send('b', { body: 1 });
        expect(seen).toEqual(['a', 'a']);
    });

    it('turns an output binding value into one message per array element', async () => {
        const { queues } = setup();
        await queues.sendOutput('out', [{ id: 1 }, 'two']);
        await queues.sendOutput('out', { id: 3 });
        await queues.sendOutput('out', undefined);
        const bodies = [];
        for (let m = await queues.receive('out'); m; m = await queues.receive('out')) bodies.push(m.body);
        expect(bodies).toEqual([{ id: 1 }, 'two', { id: 3 }]);
        expect(queues.queueNames()).toEqual(['out']);
    });

    it('rejects an invalid scheduled time instead of hiding the message forever', async () => {
        const { queues } = setup();
        await expect(queues.send('q', { body: 1, scheduledEnqueueTimeUtc: new Date('nope') })).rejects.toThrow(TypeError);
        // the refused message took no sequence number and left nothing behind
        expect(await queues.send('q', { body: 2 })).toEqual([1]);
        expect(queues.counts('q')).toEqual({ active: 1, scheduled: 0, locked: 0, deadLetter: 0 });
    });
});
