// What the request queues share: the requesting agent, carried as application
// properties (`partnerId`, `agentUpn`, `agentRoles` comma-separated), checked
// by the one authorisation as an HTTP caller is (the roles that count are
// Partner Center's, not the property's), a body that may arrive as JSON text,
// and the move of a request that can never succeed to the queue's
// rejected-requests queue (a function cannot settle its own message, so that
// queue serves as its dead-letter queue): invalid, refused by the
// authorisation, or refused by Partner Center on the way. Faults throw, so
// Service Bus redelivers them.
import type { FunctionOutput, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { type AccessRequest, authorise } from '../shared/features/access/authorise';
import { Caller } from '../shared/core/domain/partner';
import type { MicrosoftClientsOf } from '../shared/adapters/microsoftClients';
import { refusalOf } from '../shared/adapters/partnerCenter/refusals';

const QueuedCaller = z.object({
    partnerId: z.string().min(1),
    agentUpn: z.email(),
    agentRoles: z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean)),
}).transform(({ partnerId, agentUpn, agentRoles }) => ({ partnerId, upn: agentUpn, roles: agentRoles })).pipe(Caller);

export interface QueuedRequest<T> {
    body: T;
    caller: Caller;
    /** The message id, as an idempotency key. */
    key?: string;
}

/** Reads a queued request, or rejects it (once, with its reason) and answers undefined. */
export function readQueued<T>(message: unknown, ctx: InvocationContext, schema: z.ZodType<T>, reject: Rejecter): QueuedRequest<T> | undefined {
    const meta = ctx.triggerMetadata ?? {};
    const body = schema.safeParse(typeof message === 'string' ? safeJson(message) : message);
    const caller = QueuedCaller.safeParse(meta.applicationProperties ?? {});
    if (!body.success || !caller.success) {
        const issues = [...(body.success ? [] : body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`)),
            ...(caller.success ? [] : caller.error.issues.map((i) => `applicationProperties.${i.path.join('.')}: ${i.message}`))];
        reject('invalid-request', issues.join('; '));
        return undefined;
    }
    return { body: body.data, caller: caller.data, key: meta.messageId ? `sb-${String(meta.messageId)}` : undefined };
}

export type Rejecter = (reason: string, description: string) => void;

/** The agent with Partner Center's roles once the one authorisation allows the request; else the message is rejected with the refusal's code. */
export async function authorised(microsoft: MicrosoftClientsOf, caller: Caller, request: AccessRequest, reject: Rejecter): Promise<Caller | undefined> {
    const allowed = await authorise(microsoft(caller).partnerCenter, caller, request);
    if (allowed.allowed) return allowed.caller;
    reject(allowed.refusal.code, allowed.refusal.detail);
    return undefined;
}

/** Runs `handle`; a refusal Partner Center answers on the way can never succeed either, so it rejects the message instead of failing it. */
export async function rejectingRefusals(reject: Rejecter, handle: () => Promise<void>): Promise<void> {
    try {
        await handle();
    } catch (err) {
        const refused = refusalOf(err);
        if (!refused) throw err;
        reject(refused.code, refused.detail);
    }
}

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
