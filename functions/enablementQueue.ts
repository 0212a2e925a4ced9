// Bulk enablement: each message on `overage-enablement-requests` starts (or
// joins) an enablement. The body is the POST body plus `customerTenantId`; the
// requesting agent travels as application properties (`partnerId`, `agentUpn`,
// `agentRoles`, comma-separated). Only trusted senders hold Send rights on the
// queue; still, the agent passes the one authorisation as an HTTP caller does
// (roles as Partner Center holds them, a named reseller, a customer of its
// partner) before anything starts, and the run verifies it again.
// A message that can never succeed (invalid, refused, or another request's
// run holds the customer) is not retried: it is moved to
// `overage-enablement-requests-rejected` with its reason (the function cannot
// settle the message itself, so this queue is its dead-letter queue). Faults
// throw: Service Bus redelivers, and dead-letters after maxDeliveryCount.
import { InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { QUEUES } from '../shared/adapters/messaging/queueSender';
import type { Dependencies } from '../shared/adapters/dependencies';
import { EnablementBody } from '../shared/core/overage/enablement';
import { startOverageRun } from '../shared/features/overage/startOverageRun';
import { authorised, readQueued, rejecter, rejectingRefusals } from './queuedRequest';

const Message = EnablementBody.extend({ customerTenantId: z.guid() });
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedEnablementRequests, connection: 'ServiceBusConnection' });

export function registerEnablementQueue(deps: Dependencies): void {
    df.app.client.serviceBusQueue('enablementQueue', {
        queueName: QUEUES.enablementRequests,
        connection: 'ServiceBusConnection',
        extraOutputs: [rejected],
        handler: async (message: unknown, client, ctx: InvocationContext) => {
            const reject = rejecter(message, ctx, rejected, 'enablement request');
            const queued = readQueued(message, ctx, Message, reject);
            if (!queued) return;
            const { body: { customerTenantId, ...request } } = queued;
            const caller = await authorised(deps.microsoft, queued.caller, { access: 'manage', customerTenantId, onBehalfOfPartnerId: request.resellerPartnerId }, reject);
            if (!caller) return;
            await rejectingRefusals(reject, async () => {
                const started = await startOverageRun(deps, {
                    client, kind: 'enable', customerTenantId, service: request.service, caller: caller, request, input: { request },
                    alsoVisibleTo: request.resellerPartnerId ? [request.resellerPartnerId] : [],
                    idempotencyKey: queued.key,
                });
                if (started.outcome === 'in-progress' || started.outcome === 'key-reused') {
                    return reject(started.outcome === 'in-progress' ? 'run-in-progress' : 'idempotency-key-reused', `Run ${started.run.id} holds ${customerTenantId}/${request.service}.`);
                }
                ctx.log(`Enablement request ${String(ctx.triggerMetadata?.messageId)} → ${started.run.id} (${started.outcome})`);
            });
        },
    });
}
