// Bulk handover requests: each message on `overage-handover-requests` asks
// for one, as the POST does. The body is the POST body plus
// `customerTenantId`; the requesting agent travels as application properties
// (`partnerId`, `agentUpn`, `agentRoles`), as on the enablement queue, and
// passes the one authorisation (an AdminAgent at Partner Center, of a
// customer of its partner). A request that can never succeed is moved to
// `overage-handover-requests-rejected` with its reason; faults throw, so
// Service Bus redelivers and dead-letters after maxDeliveryCount.
import { InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import type { Dependencies } from '../shared/adapters/dependencies';
import { HandoverBody } from '../shared/core/handover/handoverSchemas';
import { startHandover } from '../shared/features/handover/startHandover';
import { QUEUES } from '../shared/adapters/messaging/queueSender';
import { authorised, readQueued, rejecter, rejectingRefusals } from './queuedRequest';

const Message = HandoverBody.extend({ customerTenantId: z.guid() });
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedHandoverRequests, connection: 'ServiceBusConnection' });

export function registerHandoverQueue(deps: Dependencies): void {
    df.app.client.serviceBusQueue('handoverQueue', {
        queueName: QUEUES.handoverRequests,
        connection: 'ServiceBusConnection',
        extraOutputs: [rejected],
        handler: async (message: unknown, client, ctx: InvocationContext) => {
            const reject = rejecter(message, ctx, rejected, 'handover request');
            const queued = readQueued(message, ctx, Message, reject);
            if (!queued) return;
            const { body: { customerTenantId, ...request } } = queued;
            const caller = await authorised(deps.microsoft, queued.caller, { access: 'manage', customerTenantId }, reject);
            if (!caller) return;
            await rejectingRefusals(reject, async () => {
                const outcome = await startHandover(deps, client, caller, customerTenantId, request, queued.key);
                if ('refused' in outcome) return reject(outcome.refused.code, outcome.refused.detail);
                const { started } = outcome;
                if (started.outcome === 'in-progress' || started.outcome === 'key-reused') {
                    return reject(started.outcome === 'key-reused' ? 'idempotency-key-reused' : started.run.kind === 'handover' ? 'handover-open' : 'run-in-progress', `Run ${started.run.id} holds ${customerTenantId}/${request.service}.`);
                }
                ctx.log(`Handover request ${String(ctx.triggerMetadata?.messageId)} → ${started.run.id} (${started.outcome})`);
            });
        },
    });
}
