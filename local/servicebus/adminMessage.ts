// The messages the admin send endpoint accepts: the JSON form of a Service Bus
// message, checked field by field so a bad one is a 400 naming the field.
import type { ServiceBusMessage } from '@azure/service-bus';
import { z } from 'zod';

const Text = z.string().max(128);
const Property = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const AdminMessage = z.strictObject({
    body: z.unknown(),
    messageId: z.string().min(1).max(128).optional(),
    contentType: z.string().optional(),
    correlationId: Text.optional(),
    subject: z.string().optional(),
    sessionId: Text.optional(),
    partitionKey: Text.optional(),
    replyTo: z.string().optional(),
    replyToSessionId: Text.optional(),
    to: z.string().optional(),
    timeToLive: z.number().int().positive().optional(),
    applicationProperties: z.record(z.string(), Property).optional(),
    scheduledEnqueueTimeUtc: z.iso.datetime({ offset: true }).transform((t) => new Date(t)).optional(),
});

/** The messages to send, or why the body is not messages. */
export function adminMessages(value: unknown): { messages: ServiceBusMessage[] } | { problem: string } {
    const list = Array.isArray(value) ? value : [value];
    if (list.some((m) => typeof m !== 'object' || m === null || !('body' in m))) return { problem: 'Each message needs a "body".' };
    const messages: ServiceBusMessage[] = [];
    for (const [i, m] of list.entries()) {
        const parsed = AdminMessage.safeParse(m);
        if (!parsed.success) {
            const where = Array.isArray(value) ? `[${i}].` : '';
            return { problem: parsed.error.issues.map((issue) => `${where}${issue.path.join('.')}: ${issue.message}`).join('; ') };
        }
        messages.push(parsed.data as ServiceBusMessage);
    }
    return { messages };
}
