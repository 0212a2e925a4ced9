// Bulk handover requests: each message on `overage-handover-requests` asks
// for one, as the POST does. The body is the POST body plus
// `customerTenantId`; the requesting agent travels as application properties
// (`partnerId`, `agentUpn`, `agentRoles`), as on the enablement queue. A
// request that can never succeed is moved to
// `overage-handover-requests-rejected` with its reason; faults throw, so
// Service Bus redelivers and dead-letters after maxDeliveryCount.
import { InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { HandoverBody } from '../shared/handover/handover';
import { startHandover } from '../shared/handover/startHandover';
import { QUEUES } from '../shared/messaging';
import { QueuedAgent, safeJson } from './queuedRequest';

const Message = HandoverBody.extend({ customerTenantId: z.guid() });
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedHandoverRequests, connection: 'ServiceBusConnection' });

df.app.client.serviceBusQueue('handoverQueue', {
    queueName: QUEUES.handoverRequests,
    connection: 'ServiceBusConnection',
    extraOutputs: [rejected],
    handler: async (message: unknown, client, ctx: InvocationContext) => {
        const meta = ctx.triggerMetadata ?? {};
        const reject = (reason: string, description: string) => {
            ctx.extraOutputs.set(rejected, {
                deadLetterReason: reason, deadLetterErrorDescription: description,
                originalMessageId: meta.messageId ?? null, originalBody: message, originalApplicationProperties: meta.applicationProperties ?? {},
            });
            ctx.warn(`Rejected handover request ${String(meta.messageId)}: ${reason}: ${description}`);
        };
        const body = Message.safeParse(typeof message === 'string' ? safeJson(message) : message);
        const agent = QueuedAgent.safeParse(meta.applicationProperties ?? {});
        if (!body.success || !agent.success) {
            const issues = [...(body.success ? [] : body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`)),
                ...(agent.success ? [] : agent.error.issues.map((i) => `applicationProperties.${i.path.join('.')}: ${i.message}`))];
            return reject('invalid-request', issues.join('; '));
        }
        const { customerTenantId, ...request } = body.data;
        const outcome = await startHandover(client, agent.data, customerTenantId, request, meta.messageId ? `sb-${String(meta.messageId)}` : undefined);
        if ('refused' in outcome) return reject(outcome.refused.code, outcome.refused.detail);
        const { started } = outcome;
        if (started.outcome === 'in-progress' || started.outcome === 'key-reused') {
            return reject(started.outcome === 'key-reused' ? 'idempotency-key-reused' : started.run.kind === 'handover' ? 'handover-open' : 'run-in-progress', `Run ${started.run.id} holds ${customerTenantId}/${request.service}.`);
        }
        ctx.log(`Handover request ${String(meta.messageId)} → ${started.run.id} (${started.outcome})`);
    },
});
