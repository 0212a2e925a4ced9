// What the request queues share: the requesting agent, carried as application
// properties (`partnerId`, `agentUpn`, `agentRoles` comma-separated), a body
// that may arrive as JSON text, and the move of a request that can never
// succeed to the queue's rejected-requests queue (a function cannot settle its
// own message, so that queue serves as its dead-letter queue).
import type { FunctionOutput, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { Caller } from '../shared/domain/partner';

const QueuedAgent = z.object({
    partnerId: z.string().min(1),
    agentUpn: z.email(),
    agentRoles: z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean)),
}).transform(({ partnerId, agentUpn, agentRoles }) => ({ partnerId, upn: agentUpn, roles: agentRoles })).pipe(Caller);

export interface QueuedRequest<T> {
    body: T;
    agent: Caller;
    /** The message id, as an idempotency key. */
    key?: string;
}

/** Reads a queued request, or rejects it (once, with its reason) and answers undefined. */
export function readQueued<T>(message: unknown, ctx: InvocationContext, schema: z.ZodType<T>, reject: Rejecter): QueuedRequest<T> | undefined {
    const meta = ctx.triggerMetadata ?? {};
    const body = schema.safeParse(typeof message === 'string' ? safeJson(message) : message);
    const agent = QueuedAgent.safeParse(meta.applicationProperties ?? {});
    if (!body.success || !agent.success) {
        const issues = [...(body.success ? [] : body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`)),
            ...(agent.success ? [] : agent.error.issues.map((i) => `applicationProperties.${i.path.join('.')}: ${i.message}`))];
        reject('invalid-request', issues.join('; '));
        return undefined;
    }
    return { body: body.data, agent: agent.data, key: meta.messageId ? `sb-${String(meta.messageId)}` : undefined };
}

export type Rejecter = (reason: string, description: string) => void;

/** Sets the message aside on `rejected` with its reason and the original. */
export function rejecter(message: unknown, ctx: InvocationContext, rejected: FunctionOutput, what: string): Rejecter {
    const meta = ctx.triggerMetadata ?? {};
    return (reason, description) => {
        // an output binding sets the message body only, so the reason travels in it
        ctx.extraOutputs.set(rejected, {
            deadLetterReason: reason, deadLetterErrorDescription: description,
            originalMessageId: meta.messageId ?? null, originalBody: message, originalApplicationProperties: meta.applicationProperties ?? {},
        });
        ctx.warn(`Rejected ${what} ${String(meta.messageId)}: ${reason}: ${description}`);
    };
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
