// Picks the queue adapter: Service Bus when a connection is configured (in
// Azure by namespace and the app's identity, the same settings the Service Bus
// triggers read; else a connection string), otherwise the local host's
// embedded queues.
import type { TokenCredential } from '@azure/core-auth';
import { z } from 'zod';
import { appCredential } from '../identity/appCredential';
import { LocalQueueSender } from './localQueueSender';
import { QueueSender } from './queueSender';
import { ServiceBusQueueSender } from './serviceBusQueueSender';

export * from './queueSender';

export const messagingEnv = z
    .object({
        ServiceBusConnection: z.string().min(1).optional(),
        ServiceBusConnection__fullyQualifiedNamespace: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a host name such as <namespace>.servicebus.windows.net').optional(),
        LOCAL_HOST_URL: z.url().optional(),
        LOCAL_HOST_KEY: z.string().min(1).optional(),
    })
    .refine((c) => c.ServiceBusConnection__fullyQualifiedNamespace || c.ServiceBusConnection || (c.LOCAL_HOST_URL && c.LOCAL_HOST_KEY), {
        message: 'Set ServiceBusConnection__fullyQualifiedNamespace (Azure, with the identity) or ServiceBusConnection, or run under the local host (LOCAL_HOST_URL and LOCAL_HOST_KEY)',
        path: ['ServiceBusConnection__fullyQualifiedNamespace'],
    });

/** `o.credential`: who the app is to Service Bus (default: one of its own, appCredential). */
export function createQueueSender(env: Record<string, string | undefined>, o: { credential?: TokenCredential } = {}): QueueSender {
    const c = messagingEnv.parse(env);
    if (c.ServiceBusConnection__fullyQualifiedNamespace) return new ServiceBusQueueSender({ namespace: c.ServiceBusConnection__fullyQualifiedNamespace, credential: o.credential ?? appCredential(env) });
    if (c.ServiceBusConnection) return new ServiceBusQueueSender({ connectionString: c.ServiceBusConnection });
    return new LocalQueueSender(c.LOCAL_HOST_URL!, c.LOCAL_HOST_KEY!);
}
