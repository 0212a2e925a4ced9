// Bulk enablement: each message on `overage-enablement-requests` starts (or
// joins) an enablement. The body is the POST body plus `customerTenantId`; the
// requesting agent travels as application properties (`partnerId`, `agentUpn`,
// `agentRoles`, comma-separated). Only trusted senders hold Send rights on the
// queue, and the run still verifies the agent's roles with Partner Center.
// A message that can never succeed (invalid, or another request's run holds
// the customer) is not retried: it is moved to
// `overage-enablement-requests-rejected` with its reason (the function cannot
// settle the message itself, so this queue is its dead-letter queue). Faults
// throw: Service Bus redelivers, and dead-letters after maxDeliveryCount.
import { InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { QUEUES } from '../shared/messaging';
import { microsoftClients } from '../shared/microsoftClients';
import { EnablementBody } from '../shared/overage/enablement';
import { startOverageRun } from '../shared/overage/startOverageRun';
import { QueuedAgent, safeJson } from './queuedRequest';

const Message = EnablementBody.extend({ customerTenantId: z.guid() });
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedEnablementRequests, connection: 'ServiceBusConnection' });

df.app.client.serviceBusQueue('enablementQueue', {
    queueName: QUEUES.enablementRequests,
    connection: 'ServiceBusConnection',
    extraOutputs: [rejected],
    handler: async (message: unknown, client, ctx: InvocationContext) => {
        const meta = ctx.triggerMetadata ?? {};
        const reject = (reason: string, description: string) => {
            // an output binding sets the message body only, so the reason travels in it
            ctx.extraOutputs.set(rejected, {
                deadLetterReason: reason, deadLetterErrorDescription: description,
                originalMessageId: meta.messageId ?? null, originalBody: message, originalApplicationProperties: meta.applicationProperties ?? {},
            });
            ctx.warn(`Rejected enablement request ${String(meta.messageId)}: ${reason}: ${description}`);
        };
        const body = Message.safeParse(typeof message === 'string' ? safeJson(message) : message);
        const identity = QueuedAgent.safeParse(meta.applicationProperties ?? {});
        if (!body.success || !identity.success) {
            const issues = [...(body.success ? [] : body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`)),
                ...(identity.success ? [] : identity.error.issues.map((i) => `applicationProperties.${i.path.join('.')}: ${i.message}`))];
            return reject('invalid-request', issues.join('; '));
        }
        const { customerTenantId, ...request } = body.data;
        const agent = identity.data;
        // a reseller's own request is refused by the run, and its provider may read that
        const profile = await microsoftClients(agent).partnerCenter.partnerProfile();
        const started = await startOverageRun({
            client, kind: 'enable', customerTenantId, service: request.service, agent, request, input: { request },
            alsoVisibleTo: [...(profile.indirectProviderId ? [profile.indirectProviderId] : []), ...(request.resellerPartnerId ? [request.resellerPartnerId] : [])],
            idempotencyKey: meta.messageId ? `sb-${String(meta.messageId)}` : undefined,
        });
        if (started.outcome === 'in-progress' || started.outcome === 'key-reused') {
            return reject(started.outcome === 'in-progress' ? 'run-in-progress' : 'idempotency-key-reused', `Run ${started.run.id} holds ${customerTenantId}/${request.service}.`);
        }
        ctx.log(`Enablement request ${String(meta.messageId)} → ${started.run.id} (${started.outcome})`);
    },
});
