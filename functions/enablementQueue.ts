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
//
// A bulk message asks for a job instead: the POST /api/jobs/enablements body
// (`customers` or `filter`, plus the options), no `customerTenantId`. It is
// authorised as the agent's partner-wide request (an AdminAgent of a
// transacting partner) and creates the job through the same code as the POST;
// the job id is derived from the message id, so a redelivery finds the job
// the first delivery made instead of making a second.
import { InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { QUEUES } from '../shared/adapters/messaging/queueSender';
import type { Dependencies } from '../shared/adapters/dependencies';
import { EnablementBody } from '../shared/core/overage/enablement';
import { EnablementJobBody } from '../shared/features/jobs/jobBody';
import { startEnablementJob } from '../shared/features/jobs/startJob';
import { startOverageRun } from '../shared/features/overage/startOverageRun';
import { authorised, readQueued, Rejecter, rejecter, rejectingRefusals } from './queuedRequest';

const Message = EnablementBody.extend({ customerTenantId: z.guid() });
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedEnablementRequests, connection: 'ServiceBusConnection' });

export function registerEnablementQueue(deps: Dependencies): void {
    df.app.client.serviceBusQueue('enablementQueue', {
        queueName: QUEUES.enablementRequests,
        connection: 'ServiceBusConnection',
        extraOutputs: [rejected],
        handler: async (message: unknown, client, ctx: InvocationContext) => {
            if (isBulk(message)) return bulk(deps, message, client, ctx, rejecter(message, ctx, rejected, 'enablement job request'));
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

/** A job request: customers named or a filter, and no single customer. */
function isBulk(message: unknown): boolean {
    let body = message;
    if (typeof message === 'string') {
        try {
            body = JSON.parse(message);
        } catch {
            return false;
        }
    }
    return typeof body === 'object' && body !== null && !('customerTenantId' in body) && ('customers' in body || 'filter' in body);
}

async function bulk(deps: Dependencies, message: unknown, client: df.DurableClient, ctx: InvocationContext, reject: Rejecter): Promise<void> {
    const queued = readQueued(message, ctx, EnablementJobBody, reject);
    if (!queued) return;
    const caller = await authorised(deps.microsoft, queued.caller, { access: 'manage' }, reject);
    if (!caller) return;
    const started = await startEnablementJob(deps, { client, caller, body: queued.body, idempotencyKey: queued.key });
    if (started.outcome === 'empty') return reject('job-empty', `${started.detail} ${started.remedy}`);
    if (started.outcome === 'key-reused') return reject('idempotency-key-reused', `Job ${started.job.id} was made from another message with this message id.`);
    ctx.log(`Enablement job request ${String(ctx.triggerMetadata?.messageId)} → job ${started.job.id} (${started.outcome}, ${started.job.total} customers)`);
}
