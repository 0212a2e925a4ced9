// Picks the queue adapter: Service Bus when a connection is configured,
// otherwise the local host's embedded queues.
import { z } from 'zod';
import { LocalQueueSender } from './localQueueSender';
import { QueueSender } from './queueSender';
import { ServiceBusQueueSender } from './serviceBusQueueSender';

export * from './queueSender';

const configSchema = z
    .object({
        ServiceBusConnection: z.string().min(1).optional(),
        LOCAL_HOST_URL: z.url().optional(),
        LOCAL_HOST_KEY: z.string().min(1).optional(),
    })
    .refine((c) => c.ServiceBusConnection || (c.LOCAL_HOST_URL && c.LOCAL_HOST_KEY), {
        message: 'Set ServiceBusConnection (Azure) or run under the local host (LOCAL_HOST_URL and LOCAL_HOST_KEY)',
    });

export function createQueueSender(env: Record<string, string | undefined>): QueueSender {
    const c = configSchema.parse(env);
    return c.ServiceBusConnection ? new ServiceBusQueueSender(c.ServiceBusConnection) : new LocalQueueSender(c.LOCAL_HOST_URL!, c.LOCAL_HOST_KEY!);
}
