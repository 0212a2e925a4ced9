// A ServiceBusSender look-alike over EmbeddedQueues, so app code that sends through the SDK's
// sender can run against the local host unchanged.
import type { ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import type { EmbeddedQueues } from './embeddedQueues';

/**
 * The sending surface both the SDK's ServiceBusSender and LocalServiceBusSender satisfy; app code
 * typed against it accepts either. scheduleMessages is left out: the SDK returns `Long`s (from the
 * `long` package, which this app does not depend on), the local sender plain numbers.
 */
export type QueueSender = Pick<ServiceBusSender, 'entityPath' | 'identifier' | 'isClosed' | 'close'> & {
    sendMessages(messages: ServiceBusMessage | ServiceBusMessage[]): Promise<void>;
};

// compile-time proof that the SDK's sender fits QueueSender (fails to compile if the SDK drifts)
type Satisfies<T extends U, U> = T;
export type SdkSenderIsQueueSender = Satisfies<ServiceBusSender, QueueSender>;

export class LocalServiceBusSender implements QueueSender {
    readonly identifier: string;
    isClosed = false;

    constructor(
        private readonly queues: EmbeddedQueues,
        readonly entityPath: string,
    ) {
        this.identifier = `local-sender-${entityPath}`;
    }

    async sendMessages(messages: ServiceBusMessage | ServiceBusMessage[]): Promise<void> {
        this.throwIfClosed();
        await this.queues.send(this.entityPath, messages);
    }

    /** Like the SDK's, but resolves with sequence numbers as plain numbers. */
    async scheduleMessages(
        messages: ServiceBusMessage | ServiceBusMessage[],
        scheduledEnqueueTimeUtc: Date,
    ): Promise<number[]> {
        this.throwIfClosed();
        const list = Array.isArray(messages) ? messages : [messages];
        return this.queues.send(
            this.entityPath,
            list.map((m) => ({ ...m, scheduledEnqueueTimeUtc })),
        );
    }

    async close(): Promise<void> {
        this.isClosed = true;
    }

    private throwIfClosed(): void {
        if (this.isClosed) throw new Error(`The sender for "${this.entityPath}" has been closed and can no longer be used.`);
    }
}

export interface LocalServiceBusClient {
    createSender(queueName: string): LocalServiceBusSender;
    /** Closes every sender this client created (the queues stay open: the host owns them). */
    close(): Promise<void>;
}

export function createLocalServiceBusClient(queues: EmbeddedQueues): LocalServiceBusClient {
    const senders: LocalServiceBusSender[] = [];
    return {
        createSender(queueName) {
            const sender = new LocalServiceBusSender(queues, queueName);
            senders.push(sender);
            return sender;
        },
        async close() {
            await Promise.all(senders.map((s) => s.close()));
        },
    };
}
