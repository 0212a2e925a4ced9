// Feeds serviceBusQueue triggers from the embedded queues with peek-lock:
// complete on success, abandon on throw (the queue dead-letters after
// maxDeliveryCount), and the trigger metadata the Service Bus extension sends.
import { timerDelay } from '../timers/timerDelay';
import { FunctionHost } from '../worker/functionHost';
import { toTypedData } from '../worker/typedData';
import { RegisteredFunction, TypedData } from '../worker/types';
import { EmbeddedQueues, ReceivedMessage } from './embeddedQueues';

const MAX_CONCURRENT_CALLS = 16; // the Service Bus extension's default per instance
const MAX_AUTO_LOCK_RENEWAL_MS = 5 * 60_000; // the extension keeps a lock alive this long while a function runs

interface Listener {
    fn: RegisteredFunction;
    queue: string;
    running: number;
    receiving: boolean;
    /** A send arrived while receiving: look again before going idle. */
    again: boolean;
}

export class QueueDispatcher {
    private readonly listeners: Listener[];
    private readonly inFlight = new Set<Promise<void>>();
    private unsubscribe?: () => void;
    private wake?: NodeJS.Timeout;
    private stopped = true;

    constructor(private readonly queues: EmbeddedQueues, private readonly functions: FunctionHost, private readonly log: (line: Record<string, unknown>) => void) {
        this.listeners = functions.byTrigger('serviceBusTrigger').map((fn) => ({ fn, queue: String(fn.trigger.queueName), running: 0, receiving: false, again: false }));
    }

    start(): void {
        this.stopped = false;
        this.unsubscribe = this.queues.onAvailable(() => this.pump());
        this.pump();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.unsubscribe?.();
        clearTimeout(this.wake);
        await Promise.all([...this.inFlight]);
    }

    /** The host's clock was set: messages scheduled up to the new time are due now, the others wait for it. */
    clockChanged(): void {
        this.pump();
    }

    private pump(): void {
        if (this.stopped) return;
        for (const l of this.listeners) {
            if (l.receiving) l.again = true;
            else if (l.running < MAX_CONCURRENT_CALLS) void this.receive(l);
        }
        this.armWake();
    }

    private async receive(l: Listener): Promise<void> {
        l.receiving = true;
        try {
            do {
                l.again = false;
                while (!this.stopped && l.running < MAX_CONCURRENT_CALLS) {
                    const msg = await this.queues.receive(l.queue);
                    if (!msg) break;
                    l.running++;
                    const p: Promise<void> = this.deliver(l, msg).finally(() => {
                        l.running--;
                        this.inFlight.delete(p);
                        this.pump();
                    });
                    this.inFlight.add(p);
                }
            } while (l.again && !this.stopped);
        } finally {
            l.receiving = false;
        }
        this.armWake();
    }

    /** Renews the lock at half its duration while the function runs, as the extension does. */
    private keepLocked(l: Listener, msg: ReceivedMessage): NodeJS.Timeout {
        const started = Date.now();
        const every = timerDelay(Math.max(1000, this.queues.lockDurationMs(l.queue) / 2));
        const timer = setInterval(() => {
            if (Date.now() - started > MAX_AUTO_LOCK_RENEWAL_MS) return clearInterval(timer);
            try {
                this.queues.renewLock(msg.lockToken);
            } catch {
                clearInterval(timer); // settled or lost meanwhile
            }
        }, every);
        timer.unref?.();
        return timer;
    }

    /** Sleeps until the earliest scheduled message or lock expiry of a listened queue. */
    private armWake(): void {
        clearTimeout(this.wake);
        const next = Math.min(...this.listeners.map((l) => this.queues.nextVisibleIn(l.queue) ?? Infinity));
        if (!Number.isFinite(next)) return;
        this.wake = setTimeout(() => this.pump(), timerDelay(next + 5));
        this.wake.unref?.();
    }

    private async deliver(l: Listener, msg: ReceivedMessage): Promise<void> {
        const renewal = this.keepLocked(l, msg);
        try {
            await this.functions.invoke(l.fn, toTypedData(msg.body), { triggerMetadata: triggerMetadata(msg) });
            clearInterval(renewal);
            await this.queues.complete(msg.lockToken);
        } catch (err) {
            clearInterval(renewal);
            const reason = err instanceof Error ? err.message : String(err);
            await this.queues.abandon(msg.lockToken, reason).catch((e: Error) => this.log({ level: 'error', function: l.fn.metadata.name, message: `abandon failed: ${e.message}` }));
        }
    }
}

/** PascalCase, as the Service Bus extension sends it; the library camel-cases it for the app. */
function triggerMetadata(m: ReceivedMessage): Record<string, TypedData> {
    const meta: Record<string, unknown> = {
        MessageId: m.messageId, DeliveryCount: m.deliveryCount, SequenceNumber: m.sequenceNumber,
        EnqueuedTimeUtc: m.enqueuedTimeUtc.toISOString(), LockToken: m.lockToken, LockedUntilUtc: m.lockedUntilUtc.toISOString(),
        ExpiresAtUtc: m.expiresAtUtc?.toISOString(), ContentType: m.contentType, CorrelationId: m.correlationId, Subject: m.subject,
        ApplicationProperties: m.applicationProperties ?? {}, UserProperties: m.applicationProperties ?? {},
    };
    const out: Record<string, TypedData> = {};
    for (const [k, v] of Object.entries(meta)) {
        if (v === undefined) continue;
        out[k] = typeof v === 'number' ? { int: v } : (toTypedData(v) as TypedData);
    }
    return out;
}
