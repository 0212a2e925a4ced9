// The stored form of a queue message: what send writes to the KV and what a receiver gets back.
import { types } from 'node:util';
import { decodeMessage, encodeMessage } from '../../local/servicebus/messageCodec';

const T0 = Date.parse('2024-01-01T00:00:00Z');

describe('message codec', () => {
    it('round-trips every carried property, with application property Dates stored as epoch ms', () => {
        const at = new Date('2023-12-31T12:00:00Z');
        const record = encodeMessage('orders', 7, {
            body: { n: 1 }, messageId: 'm1', contentType: 'application/json', correlationId: 'c', subject: 's',
            partitionKey: 'p', sessionId: 'p', replyTo: 'r', replyToSessionId: 'rs', to: 't', timeToLive: 1000,
            applicationProperties: { tenant: 't1', at, n: 2, ok: true, none: null },
        }, T0);

        expect(record).toMatchObject({ queue: 'orders', sequenceNumber: 7, messageId: 'm1', enqueuedAt: T0, expiresAt: T0 + 1000, deliveryCount: 0 });
        expect(record.props.applicationProperties).toEqual({ tenant: 't1', at: { date: at.getTime() }, n: 2, ok: true, none: null });
        // what is stored survives a JSON (or LMDB) round trip unchanged: no Date objects anywhere
        expect(JSON.parse(JSON.stringify(record))).toEqual(record);

        expect(decodeMessage(JSON.parse(JSON.stringify(record)))).toEqual({
            body: { n: 1 }, messageId: 'm1', contentType: 'application/json', correlationId: 'c', subject: 's',
            partitionKey: 'p', sessionId: 'p', replyTo: 'r', replyToSessionId: 'rs', to: 't', timeToLive: 1000,
            applicationProperties: { tenant: 't1', at, n: 2, ok: true, none: null },
            sequenceNumber: 7, enqueuedTimeUtc: new Date(T0), deliveryCount: 0,
            scheduledEnqueueTimeUtc: undefined, expiresAtUtc: new Date(T0 + 1000),
            deadLetterReason: undefined, deadLetterErrorDescription: undefined,
        });
        expect(types.isDate(decodeMessage(record).applicationProperties!.at)).toBe(true);
    });

    it('gives a message without an id a fresh one', () => {
        const a = encodeMessage('q', 1, { body: 1 }, T0);
        const b = encodeMessage('q', 2, { body: 1 }, T0);
        expect(a.messageId).toMatch(/^[0-9a-f-]{36}$/);
        expect(a.messageId).not.toBe(b.messageId);
    });

    it('enqueues a scheduled message at its time (never before now), and counts its time to live from then', () => {
        const later = encodeMessage('q', 1, { body: 1, scheduledEnqueueTimeUtc: new Date(T0 + 60_000), timeToLive: 500 }, T0);
        expect(later).toMatchObject({ enqueuedAt: T0 + 60_000, scheduledAt: T0 + 60_000, expiresAt: T0 + 60_500 });
        expect(decodeMessage(later)).toMatchObject({ enqueuedTimeUtc: new Date(T0 + 60_000), scheduledEnqueueTimeUtc: new Date(T0 + 60_000) });

        const past = encodeMessage('q', 2, { body: 1, scheduledEnqueueTimeUtc: new Date(T0 - 60_000) }, T0);
        expect(past).toMatchObject({ enqueuedAt: T0, scheduledAt: T0 - 60_000, expiresAt: undefined });
    });

    it('refuses an invalid scheduled time', () => {
        expect(() => encodeMessage('q', 1, { body: 1, scheduledEnqueueTimeUtc: new Date('nope') }, T0)).toThrow(TypeError);
    });

    it('copies bodies both ways, keeping Buffers as Buffers', () => {
        const body = { items: [1] };
        const record = encodeMessage('q', 1, { body }, T0);
        body.items.push(2);
        const decoded = decodeMessage(record);
        (decoded.body as typeof body).items.push(3);
        expect(decodeMessage(record).body).toEqual({ items: [1] });

        const raw = Buffer.from('raw');
        const bytes = encodeMessage('q', 2, { body: raw }, T0);
        raw.write('RAW');
        const out = decodeMessage(bytes).body;
        expect(Buffer.isBuffer(out)).toBe(true);
        expect(out.toString()).toBe('raw');
    });

    it('reports the dead-letter reason and description of a dead-lettered record', () => {
        const record = { ...encodeMessage('q', 1, { body: 1 }, T0), deliveryCount: 3, deadLetter: { reason: 'Bad', description: 'why' } };
        expect(decodeMessage(record)).toMatchObject({ deliveryCount: 3, deadLetterReason: 'Bad', deadLetterErrorDescription: 'why' });
    });
});
