// Production adapter: Azure Service Bus through @azure/service-bus.
import type { TokenCredential } from '@azure/identity';
import { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import { OutgoingMessage, QueueSender } from './queueSender';

export class ServiceBusQueueSender implements QueueSender {
    private readonly client: ServiceBusClient;
    private readonly senders = new Map<string, ServiceBusSender>();

    constructor(to: { connectionString: string } | { namespace: string; credential: TokenCredential }) {
        this.client = 'connectionString' in to ? new ServiceBusClient(to.connectionString) : new ServiceBusClient(to.namespace, to.credential);
    }

    async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
        await this.sender(queue).sendMessages(messages);
    }

    async ready(queue: string): Promise<void> {
        // peeking needs only Listen rights and proves the namespace and queue answer
        const receiver = this.client.createReceiver(queue, { receiveMode: 'peekLock' });
        try {
            await receiver.peekMessages(1);
        } finally {
            await receiver.close();
        }
    }

    async close(): Promise<void> {
        await Promise.all([...this.senders.values()].map((s) => s.close()));
        await this.client.close();
    }

    private sender(queue: string): ServiceBusSender {
        let s = this.senders.get(queue);
        if (!s) this.senders.set(queue, (s = this.client.createSender(queue)));
        return s;
    }
}
