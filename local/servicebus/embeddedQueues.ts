// An embedded, persistent stand-in for Service Bus queues with peek-lock semantics. It serves
// the local host's serviceBusQueue triggers and Service Bus output bindings.
// Working state lives in memory; every change a caller may rely on is committed to the KV before
// it is acknowledged, so a SIGKILL loses nothing acknowledged. Locks are deliberately not
// persisted: after a restart, messages that were locked are receivable again with their delivery
// already counted, exactly as if their locks had expired on the real service.
// Two clocks: the host's says when a message is enqueued, when a scheduled one
// is due and when one expires; a lock is a duration, measured on process time,
// so setting the host's clock neither cuts short nor stretches a lock held.
// Only a scheduled message waits for the clock: one sent to be received now
// stays receivable when the clock is set back before it was sent.
// How a message is encoded for the KV and decoded for receivers is in messageCodec.ts.
import { randomUUID } from 'node:crypto';
import type { ServiceBusMessage } from '@azure/service-bus';
import { Clock, systemClock } from '../../shared/core/clock';
import type { Kv, KvOp } from '../../shared/adapters/embedded/embeddedKv';
import { decodeMessage, encodeMessage, PeekedMessage, StoredMessage } from './messageCodec';

export type { CarriedProperties, PeekedMessage } from './messageCodec';

const MESSAGES_TABLE = 'sb-messages';
const SEQUENCES_TABLE = 'sb-sequences';
const MAX_DELIVERY_REASON = 'MaxDeliveryCountExceeded';

export interface QueueOptions {
    /** How long a received message stays locked; default 60 s (Service Bus's default). */
    lockDurationMs?: number;
    /** Deliveries before a message is dead-lettered; default 10 (Service Bus's default). */
    maxDeliveryCount?: number;
}

export interface EmbeddedQueuesOptions extends QueueOptions {
    /** Per-queue overrides of the defaults above. */
    queues?: Record<string, QueueOptions>;
    /** The host's clock (default: the system's): enqueue, scheduled and expiry times. Injectable so tests control time. */
    clock?: Clock;
    /** Process time in milliseconds, on which locks run out (default: performance.now). Injectable so tests control time. */
    processTime?: Clock;
}

export interface ReceivedMessage extends PeekedMessage {
    lockToken: string;
    lockedUntilUtc: Date;
}

export interface QueueCounts {
    /** Receivable now (including messages whose lock expired). */
    active: number;
    /** Scheduled for later. */
    scheduled: number;
    /** Locked by a receiver. */
    locked: number;
    deadLetter: number;
}

export interface DeadLetterOptions {
    deadLetterReason?: string;
    deadLetterErrorDescription?: string;
}

/** Thrown when settling with a lock token that expired or was already used (SDK code: MessageLockLost). */
export class MessageLockLostError extends Error {
    readonly code = 'MessageLockLost';
    constructor(lockToken: string) {
        super(`The lock ${lockToken} has expired or the message was already settled`);
        this.name = 'MessageLockLostError';
    }
}

interface ActiveMessage {
    record: StoredMessage;
    lock?: { token: string; until: number };
}

interface QueueState {
    name: string;
    options: Required<QueueOptions>;
    lastSequenceNumber: number;
    active: Map<number, ActiveMessage>;
    deadLetters: Map<number, StoredMessage>;
}

export class EmbeddedQueues {
    private readonly queues = new Map<string, QueueState>();
    /** Queues the app's bindings name, which exist even while empty. */
    private readonly declared = new Set<string>();
    private readonly locks = new Map<string, ActiveMessage>();
    private readonly listeners = new Set<(queue: string) => void>();
    private readonly clock: Clock;
    private readonly processTime: Clock;

    constructor(
        private readonly kv: Kv,
        private readonly options: EmbeddedQueuesOptions = {},
    ) {
        this.clock = options.clock ?? systemClock;
        this.processTime = options.processTime ?? { now: () => performance.now() };
        for (const [name, last] of kv.entries<number>(SEQUENCES_TABLE)) this.queue(name).lastSequenceNumber = last;
        for (const [, record] of kv.entries<StoredMessage>(MESSAGES_TABLE)) {
            const q = this.queue(record.queue);
            if (record.deadLetter) q.deadLetters.set(record.sequenceNumber, record);
            else q.active.set(record.sequenceNumber, { record });
        }
    }

    /** Enqueues messages (scheduled ones become receivable at their time); resolves with their sequence numbers once durable. */
    async send(queue: string, messages: ServiceBusMessage | ServiceBusMessage[]): Promise<number[]> {
        const q = this.queue(queue);
        const now = this.clock.now();
        const records = (Array.isArray(messages) ? messages : [messages]).map((m) => newRecord(q, m, now));
        await this.kv.commit([...records.map(putOp), sequenceOp(q)]);
        // visible only once durable, so no receiver ever sees a message a crash could still lose
        for (const record of records) q.active.set(record.sequenceNumber, { record });
        this.notify(queue);
        return records.map((r) => r.sequenceNumber);
    }

    /** A Service Bus output binding's value: each element of an array (or the value itself) becomes one message's body. */
    async sendOutput(queue: string, value: unknown): Promise<void> {
        if (value === undefined || value === null) return;
        await this.send(queue, (Array.isArray(value) ? value : [value]).map((body) => ({ body })));
    }

    /** Locks and returns the receivable message with the lowest sequence number; its delivery is counted durably first. */
    async receive(queue: string): Promise<ReceivedMessage | undefined> {
        const q = this.queue(queue);
        const now = this.clock.now();
        const elapsed = this.processTime.now();
        const ops: KvOp[] = [];
        let next: ActiveMessage | undefined;
        for (const message of q.active.values()) {
            if (waitOf(message, now, elapsed) > 0) continue;
            this.releaseLock(message); // an expired lock is lost
            const { record } = message;
            if (record.expiresAt !== undefined && record.expiresAt <= now) {
                // dropped, as the service does when dead-lettering on expiration is off (its default)
                q.active.delete(record.sequenceNumber);
                ops.push(deleteOp(record));
            } else if (record.deliveryCount >= q.options.maxDeliveryCount) {
                // its last allowed delivery lost the lock (timed out, or the host died while it ran)
                ops.push(this.moveToDeadLetters(q, message, MAX_DELIVERY_REASON, exhaustedDescription(record)));
            } else if (!next || record.sequenceNumber < next.record.sequenceNumber) {
                next = message;
            }
        }
        let received: ReceivedMessage | undefined;
        if (next) {
            const lock = { token: randomUUID(), until: elapsed + q.options.lockDurationMs };
            next.lock = lock;
            next.record.deliveryCount++;
            this.locks.set(lock.token, next);
            ops.push(putOp(next.record));
            // the lock's end as a time of day, on the host's clock
            received = { ...decodeMessage(next.record), lockToken: lock.token, lockedUntilUtc: new Date(now + q.options.lockDurationMs) };
        }
        await this.kv.commit(ops);
        return received;
    }

    /** Removes the message: it was processed. */
    async complete(lockToken: string): Promise<void> {
        const message = this.lockedMessage(lockToken);
        this.releaseLock(message);
        this.queue(message.record.queue).active.delete(message.record.sequenceNumber);
        // Memory first so nobody re-receives it meanwhile; if the commit fails the caller sees the
        // error and the message comes back after a restart (at-least-once, never lost).
        await this.kv.commit([deleteOp(message.record)]);
    }

    /** Unlocks the message for redelivery, or dead-letters it if that was its last allowed delivery. */
    async abandon(lockToken: string, reason?: string): Promise<void> {
        const message = this.lockedMessage(lockToken);
        const q = this.queue(message.record.queue);
        this.releaseLock(message);
        if (message.record.deliveryCount >= q.options.maxDeliveryCount) {
            const description = reason ?? exhaustedDescription(message.record);
            await this.kv.commit([this.moveToDeadLetters(q, message, MAX_DELIVERY_REASON, description)]);
        } else {
            this.notify(q.name);
        }
    }

    async deadLetter(lockToken: string, options: DeadLetterOptions = {}): Promise<void> {
        const message = this.lockedMessage(lockToken);
        const q = this.queue(message.record.queue);
        await this.kv.commit([
            this.moveToDeadLetters(q, message, options.deadLetterReason, options.deadLetterErrorDescription),
        ]);
    }

    /** Extends the lock by the queue's lock duration, as the Functions host does while a function runs. */
    renewLock(lockToken: string): Date {
        const message = this.lockedMessage(lockToken);
        const duration = this.lockDurationMs(message.record.queue);
        message.lock!.until = this.processTime.now() + duration;
        return new Date(this.clock.now() + duration);
    }

    /** The dead-letter sub-queue, in sequence order. */
    listDeadLetters(queue: string): PeekedMessage[] {
        return [...this.queue(queue).deadLetters.values()].sort(bySequence).map(decodeMessage);
    }

    /** Sends a dead-lettered message back as a fresh delivery (new sequence number, deliveryCount 0); undefined if there is none with that id. */
    async resubmitDeadLetter(queue: string, messageId: PeekedMessage['messageId']): Promise<number | undefined> {
        const q = this.queue(queue);
        const [stored] = [...q.deadLetters.values()].filter((r) => r.messageId === messageId).sort(bySequence);
        if (!stored) return undefined;
        q.deadLetters.delete(stored.sequenceNumber);
        const record = newRecord(q, { ...decodeMessage(stored), scheduledEnqueueTimeUtc: undefined }, this.clock.now());
        await this.kv.commit([deleteOp(stored), putOp(record), sequenceOp(q)]);
        q.active.set(record.sequenceNumber, { record });
        this.notify(queue);
        return record.sequenceNumber;
    }

    /** Deletes every dead-lettered message of the queue; resolves with how many. */
    async purgeDeadLetters(queue: string): Promise<number> {
        const q = this.queue(queue);
        const records = [...q.deadLetters.values()];
        q.deadLetters.clear();
        await this.kv.commit(records.map(deleteOp));
        return records.length;
    }

    /** Queues this store knows: sent to, listened on or asked about, since it opened or before. */
    queueNames(): string[] {
        return [...this.queues.keys()].sort();
    }

    /** Makes queues known (listed and addressable) before anything is sent to them, as creating them on the service does. */
    declare(names: string[]): void {
        for (const name of names) {
            this.declared.add(name);
            this.queue(name);
        }
    }

    /** Whether a sender would find this queue: it was declared, or it holds messages or dead letters. */
    knows(queue: string): boolean {
        const q = this.queues.get(queue);
        return this.declared.has(queue) || (q !== undefined && (q.active.size > 0 || q.deadLetters.size > 0));
    }

    counts(queue: string): QueueCounts {
        const q = this.queue(queue);
        const now = this.clock.now();
        const elapsed = this.processTime.now();
        const counts: QueueCounts = { active: 0, scheduled: 0, locked: 0, deadLetter: q.deadLetters.size };
        for (const message of q.active.values()) {
            if (message.lock && message.lock.until > elapsed) counts.locked++;
            else if (dueIn(message.record, now) > 0) counts.scheduled++;
            else counts.active++;
        }
        return counts;
    }

    /** How long a receiver holds a message of this queue before its lock must be renewed. */
    lockDurationMs(queue: string): number {
        return this.queue(queue).options.lockDurationMs;
    }

    /**
     * How many milliseconds until a message becomes receivable (a scheduled time or a lock expiry),
     * so a dispatcher can sleep until then; 0 or less if one is receivable already; undefined if the queue is empty.
     */
    nextVisibleIn(queue: string): number | undefined {
        const now = this.clock.now();
        const elapsed = this.processTime.now();
        let soonest = Infinity;
        for (const message of this.queue(queue).active.values()) soonest = Math.min(soonest, waitOf(message, now, elapsed));
        return soonest === Infinity ? undefined : soonest;
    }

    /** Calls `listener(queue)` whenever a message may have become receivable now (send, abandon, resubmit); returns an unsubscribe function. Listeners must not throw. */
    onAvailable(listener: (queue: string) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private queue(name: string): QueueState {
        let q = this.queues.get(name);
        if (!q) {
            const own = this.options.queues?.[name];
            const options = {
                lockDurationMs: own?.lockDurationMs ?? this.options.lockDurationMs ?? 60_000,
                maxDeliveryCount: own?.maxDeliveryCount ?? this.options.maxDeliveryCount ?? 10,
            };
            q = { name, options, lastSequenceNumber: 0, active: new Map(), deadLetters: new Map() };
            this.queues.set(name, q);
        }
        return q;
    }

    private lockedMessage(lockToken: string): ActiveMessage {
        const message = this.locks.get(lockToken);
        if (!message?.lock || message.lock.until <= this.processTime.now()) {
            if (message) this.releaseLock(message);
            throw new MessageLockLostError(lockToken);
        }
        return message;
    }

    private releaseLock(message: ActiveMessage): void {
        if (message.lock) this.locks.delete(message.lock.token);
        message.lock = undefined;
    }

    /** Moves the message in memory and returns the write that makes the move durable. */
    private moveToDeadLetters(q: QueueState, message: ActiveMessage, reason?: string, description?: string): KvOp {
        this.releaseLock(message);
        const { record } = message;
        q.active.delete(record.sequenceNumber);
        record.deadLetter = { reason, description };
        q.deadLetters.set(record.sequenceNumber, record);
        return putOp(record);
    }

    private notify(queue: string): void {
        for (const listener of this.listeners) listener(queue);
    }
}

/** The record of a message sent now, numbered next in its queue (the number is taken only if the message is valid). */
function newRecord(q: QueueState, message: ServiceBusMessage, now: number): StoredMessage {
    const record = encodeMessage(q.name, q.lastSequenceNumber + 1, message, now);
    q.lastSequenceNumber = record.sequenceNumber;
    return record;
}

/** Milliseconds until the message can be received (0 or less: it can): its lock runs out on process time (`elapsed`), its scheduled time comes on the host's clock (`now`). */
function waitOf(message: ActiveMessage, now: number, elapsed: number): number {
    return message.lock ? message.lock.until - elapsed : dueIn(message.record, now);
}

/** Milliseconds until a scheduled message is due; 0 for one sent to be received at once. */
function dueIn(record: StoredMessage, now: number): number {
    return record.scheduledAt === undefined ? 0 : record.scheduledAt - now;
}

function exhaustedDescription(record: StoredMessage): string {
    return `Message could not be consumed after ${record.deliveryCount} delivery attempts.`;
}

function bySequence(a: StoredMessage, b: StoredMessage): number {
    return a.sequenceNumber - b.sequenceNumber;
}

function recordKey(record: StoredMessage): string {
    return `${record.queue}:${record.sequenceNumber}`;
}

// A shallow copy: LMDB serialises inside its write transaction, later than this call.
function putOp(record: StoredMessage): KvOp {
    return { table: MESSAGES_TABLE, key: recordKey(record), value: { ...record } };
}

function deleteOp(record: StoredMessage): KvOp {
    return { table: MESSAGES_TABLE, key: recordKey(record) };
}

function sequenceOp(q: QueueState): KvOp {
    return { table: SEQUENCES_TABLE, key: q.name, value: q.lastSequenceNumber };
}
