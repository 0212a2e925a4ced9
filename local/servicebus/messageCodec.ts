// How the embedded queues keep a message: the record written to the KV when a message is sent,
// and the message a receiver is given back from that record. Nothing here knows about locks,
// delivery order or dead-lettering; embeddedQueues.ts owns that.
import { randomUUID } from 'node:crypto';
import { types } from 'node:util';
import type { ServiceBusMessage } from '@azure/service-bus';

/** What a message carries unchanged from its send to each of its deliveries. */
export type CarriedProperties = Pick<
    ServiceBusMessage,
    | 'body'
    | 'contentType'
    | 'correlationId'
    | 'subject'
    | 'applicationProperties'
    | 'partitionKey'
    | 'sessionId'
    | 'replyTo'
    | 'replyToSessionId'
    | 'to'
    | 'timeToLive'
>;

/** A stored message as the Functions Service Bus trigger describes it (without a lock). */
export interface PeekedMessage extends CarriedProperties {
    messageId: NonNullable<ServiceBusMessage['messageId']>;
    /** A number, not the SDK's Long: a local queue never nears 2^53 messages. */
    sequenceNumber: number;
    /** For a scheduled message, the time it became (or becomes) active, as on the service. */
    enqueuedTimeUtc: Date;
    deliveryCount: number;
    scheduledEnqueueTimeUtc?: Date;
    expiresAtUtc?: Date;
    deadLetterReason?: string;
    deadLetterErrorDescription?: string;
}

type ApplicationProperties = NonNullable<CarriedProperties['applicationProperties']>;
/** applicationProperties as stored: Dates as {date: ms}. */
type StoredProperties = Record<string, Exclude<ApplicationProperties[string], Date> | { date: number }>;

/** The persisted record of a message. Times are epoch milliseconds, never Date objects. */
export interface StoredMessage {
    queue: string;
    sequenceNumber: number;
    messageId: PeekedMessage['messageId'];
    props: Omit<CarriedProperties, 'applicationProperties'> & { applicationProperties?: StoredProperties };
    enqueuedAt: number;
    scheduledAt?: number;
    expiresAt?: number;
    deliveryCount: number;
    deadLetter?: { reason?: string; description?: string };
}

/**
 * The record of a message sent to `queue` at `now` (ms) as number `sequenceNumber`, not yet delivered.
 * A message without an id gets a fresh one; a scheduled time in the past means now.
 * @throws TypeError if scheduledEnqueueTimeUtc is an invalid Date.
 */
export function encodeMessage(queue: string, sequenceNumber: number, message: ServiceBusMessage, now: number): StoredMessage {
    const scheduledAt = message.scheduledEnqueueTimeUtc?.getTime();
    if (Number.isNaN(scheduledAt)) throw new TypeError('scheduledEnqueueTimeUtc is an invalid Date');
    const enqueuedAt = Math.max(now, scheduledAt ?? now);
    return {
        queue,
        sequenceNumber,
        messageId: message.messageId ?? randomUUID(),
        props: { ...carry(message), applicationProperties: storedProperties(message.applicationProperties) },
        enqueuedAt,
        scheduledAt,
        expiresAt: message.timeToLive === undefined ? undefined : enqueuedAt + message.timeToLive,
        deliveryCount: 0,
    };
}

/** The message a record describes, as a fresh copy: callers may change it without touching the record. */
export function decodeMessage(record: StoredMessage): PeekedMessage {
    return {
        ...carry(record.props),
        applicationProperties: loadedProperties(record.props.applicationProperties),
        messageId: record.messageId,
        sequenceNumber: record.sequenceNumber,
        enqueuedTimeUtc: new Date(record.enqueuedAt),
        deliveryCount: record.deliveryCount,
        scheduledEnqueueTimeUtc: toDate(record.scheduledAt),
        expiresAtUtc: toDate(record.expiresAt),
        deadLetterReason: record.deadLetter?.reason,
        deadLetterErrorDescription: record.deadLetter?.description,
    };
}

/**
 * Picks and deep-copies the carried properties but applicationProperties (see storedProperties):
 * the real service serialises, so senders, receivers and the store never share objects.
 */
function carry(m: Omit<CarriedProperties, 'applicationProperties'>): Omit<CarriedProperties, 'applicationProperties'> {
    return {
        // structuredClone would turn a Buffer into a plain Uint8Array
        body: Buffer.isBuffer(m.body) ? Buffer.from(m.body) : structuredClone(m.body),
        contentType: m.contentType,
        correlationId: m.correlationId,
        subject: m.subject,
        partitionKey: m.partitionKey,
        sessionId: m.sessionId,
        replyTo: m.replyTo,
        replyToSessionId: m.replyToSessionId,
        to: m.to,
        timeToLive: m.timeToLive,
    };
}

// Dates are stored as numbers, like every time in a record: LMDB's encoder recognises only Dates
// of the JS realm it was loaded in, so under jest's per-file sandboxes they could come back as strings.
function storedProperties(properties: ApplicationProperties | undefined): StoredProperties | undefined {
    return properties && mapValues(properties, (v) => (types.isDate(v) ? { date: v.getTime() } : v));
}

function loadedProperties(properties: StoredProperties | undefined): ApplicationProperties | undefined {
    return properties && mapValues(properties, (v) => (v !== null && typeof v === 'object' ? new Date(v.date) : v));
}

function mapValues<V, W>(record: Record<string, V>, map: (value: V) => W): Record<string, W> {
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function toDate(ms: number | undefined): Date | undefined {
    return ms === undefined ? undefined : new Date(ms);
}
