// Partner handovers of a customer's overage (rule 6):
//   POST   /api/customers/{customerTenantId}/overage/handovers          ask for one (an admin agent of A or B)
//   GET    /api/customers/{customerTenantId}/overage/handovers[/{id}]   the caller's partner's handovers (A and B may read)
//   DELETE /api/customers/{customerTenantId}/overage/handovers/{id}     the requesting partner cancels one still awaiting answers
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { HANDOVER_SIGNAL, HandoverBody, StoredHandover, HandoverSignal } from '../shared/core/handover/handoverSchemas';
import { handoversOf, readHandover } from '../shared/features/handover/handoverStore';
import { startHandover } from '../shared/features/handover/startHandover';
import { handoverSubscriptionName } from '../shared/features/handover/handoverNames';
import { auditTrail } from '../shared/features/overage/audit';
import { RunId } from '../shared/features/overage/runs';
import type { Dependencies } from '../shared/adapters/dependencies';
import type { StateStore } from '../shared/adapters/state/stateStore';
import { parseBody } from './http/body';
import { guarded, Guarded } from './http/guard';
import { handoverPath, handoverResource } from './http/handoverResource';
import { problem } from './http/problem';
import { startAnswer } from './http/runResource';
import { idempotencyKeyOf } from './http/startFromRequest';

const EXAMPLE = '{"service":"PhoneServices","toPartnerId":"<partner id>","azureEntitlementId":"<guid>"|"new"}';

const notFound = (id: string) => problem(404, 'handover-not-found', `No handover ${id} of your partner for this customer.`, { remedy: 'Check the id; only the two partners of a handover can see it.' });

export function registerHandovers(deps: Dependencies): void {
    df.app.client.http('handovers', {
        route: 'customers/{customerTenantId}/overage/handovers/{handoverId?}',
        methods: ['GET', 'POST', 'DELETE'],
        authLevel: 'anonymous',
        handler: (req, client, ctx) => {
            const id = req.params.handoverId;
            if (id !== undefined && !RunId.safeParse(id).success) return Promise.resolve(notFound('with that id'));
            if (req.method === 'POST') {
                if (id) return Promise.resolve(problem(405, 'method-not-allowed', 'A handover is asked for on the customer, not on another handover.', { remedy: 'Ask for a new handover of the customer\'s overage.' }));
                return guarded(deps, 'manage', (g) => start(deps, g, req, client))(req, ctx);
            }
            if (req.method === 'DELETE') {
                if (!id) return Promise.resolve(problem(405, 'method-not-allowed', 'Only one handover can be cancelled at a time.', { remedy: 'Cancel the handovers one at a time, each at its own link.' }));
                return guarded(deps, 'manage', (g) => cancel(deps, g, req, client, id))(req, ctx);
            }
            return guarded(deps, 'read', (g) => (id ? readOne(deps, g, req, id) : list(deps, g, req)))(req, ctx);
        },
    });
}

async function start(deps: Dependencies, g: Guarded, req: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
    const key = idempotencyKeyOf(req);
    if ('refused' in key) return key.refused;
    const parsed = await parseBody(req, HandoverBody, 'handover request', EXAMPLE);
    if ('refused' in parsed) return parsed.refused;
    const outcome = await startHandover(deps, client, g.caller, g.customerTenantId, parsed.data, key.key);
    if ('refused' in outcome) {
        const { status, code, detail, remedy } = outcome.refused;
        return problem(status, code, detail, { remedy });
    }
    const { started } = outcome;
    const origin = new URL(req.url).origin;
    if (started.outcome === 'in-progress' && started.run.kind === 'handover') {
        const visible = started.run.viewers.includes(g.caller.partnerId);
        return problem(409, 'handover-open', `A handover of ${started.run.service} overage for this customer is already open (${started.run.id}).`, {
            remedy: 'Wait for its answers, or have its requester cancel it, then ask again.',
            handoverId: started.run.id, ...(visible ? { links: { handover: new URL(handoverPath(g.customerTenantId, started.run.id), origin).toString() } } : {}),
        });
    }
    if (started.outcome !== 'started' && started.outcome !== 'joined') return startAnswer(req, client, started, g.caller.partnerId);
    const doc = await readHandover(deps.stateStore, g.customerTenantId, started.run.id);
    const location = new URL(handoverPath(g.customerTenantId, started.run.id), origin).toString();
    return { status: 202, headers: { location, 'retry-after': '5' }, jsonBody: { ...(doc ? handoverResource(doc, origin) : { id: started.run.id }), joined: started.outcome === 'joined' } };
}

async function readOne(deps: Dependencies, g: Guarded, req: HttpRequest, id: string): Promise<HttpResponseInit> {
    const doc = await readHandover(deps.stateStore, g.customerTenantId, id);
    if (!doc || !doc.viewers.includes(g.caller.partnerId)) return notFound(id);
    const [steps, name] = await Promise.all([auditTrail(deps.stateStore, g.customerTenantId, g.caller.partnerId, id), handoverSubscriptionName(deps, g.ms, g.caller, doc)]);
    return { headers: { 'cache-control': 'no-store' }, jsonBody: handoverResource(doc, new URL(req.url).origin, steps, name) };
}

async function list(deps: Dependencies, g: Guarded, req: HttpRequest): Promise<HttpResponseInit> {
    const origin = new URL(req.url).origin;
    const handovers = await handoversOf(deps.stateStore, g.customerTenantId, g.caller.partnerId);
    const names = await Promise.all(handovers.map((h) => handoverSubscriptionName(deps, g.ms, g.caller, h)));
    const items = handovers.map((h, i) => handoverResource(h, origin, undefined, names[i]));
    return { headers: { 'cache-control': 'no-store' }, jsonBody: { customerTenantId: g.customerTenantId, totalCount: items.length, items } };
}

/** The run cancels (and mails all three): the answer waits a moment for it, so it can say what happened. */
async function cancel({ stateStore: store, clock }: Pick<Dependencies, 'stateStore' | 'clock'>, g: Guarded, req: HttpRequest, client: DurableClient, id: string): Promise<HttpResponseInit> {
    const doc = await readHandover(store, g.customerTenantId, id);
    if (!doc || !doc.viewers.includes(g.caller.partnerId)) return notFound(id);
    if (doc.requestedBy.partnerId !== g.caller.partnerId) {
        return problem(403, 'not-requester', `Only partner ${doc.requestedBy.partnerId}, which asked for this handover, can cancel it.`, { remedy: 'Decline through your approval link instead.' });
    }
    if (doc.status !== 'awaiting-approvals') {
        return problem(409, 'handover-not-cancellable', `This handover is ${doc.status}; only one still awaiting answers can be cancelled.`, { remedy: doc.status === 'switching' ? 'Wait for the switch to end.' : 'Nothing to cancel.' });
    }
    // a request from the queue writes its document a moment before its run starts: a cancel in that moment waits for the run
    if (!(await runStarted(client, id))) {
        const starting = problem(503, 'handover-starting', 'This handover\'s run is still starting, so it cannot be cancelled yet.', { remedy: 'Cancel it again in a few seconds.' });
        return { ...starting, headers: { ...starting.headers, 'retry-after': '5' } };
    }
    const signal: HandoverSignal = { kind: 'cancel', at: new Date(clock.now()).toISOString(), by: g.caller.upn };
    await client.raiseEvent(id, HANDOVER_SIGNAL, signal);
    const after = await settled(store, g.customerTenantId, id, (h) => h.status !== 'awaiting-approvals');
    const origin = new URL(req.url).origin;
    return after ? { status: 200, jsonBody: handoverResource(after, origin) } : { status: 202, headers: { location: new URL(handoverPath(g.customerTenantId, id), origin).toString() }, jsonBody: handoverResource(doc, origin) };
}

/** What `probe` finds, asked every `everyMs` until it finds something or a few seconds passed (then undefined). */
async function waitFor<T>(probe: () => Promise<T | undefined>, everyMs: number, ms = 5000): Promise<T | undefined> {
    // eslint-disable-next-line no-restricted-properties -- a short wait is a duration: process time
    const end = Date.now() + ms;
    for (;;) {
        const found = await probe();
        if (found !== undefined) return found;
        // eslint-disable-next-line no-restricted-properties -- a short wait is a duration: process time
        if (Date.now() > end) return undefined;
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

/** Whether the durable run of handover `id` exists, waiting a few seconds for it. */
async function runStarted(client: DurableClient, id: string): Promise<boolean> {
    return (await waitFor(async () => ((await client.getStatus(id).catch(() => undefined))?.runtimeStatus ? true : undefined), 100)) ?? false;
}

/** The handover once `done` holds, or undefined after a few seconds. */
function settled(store: StateStore, customerTenantId: string, id: string, done: (h: StoredHandover) => boolean): Promise<StoredHandover | undefined> {
    return waitFor(async () => {
        const doc = await readHandover(store, customerTenantId, id);
        return doc && done(doc) ? doc : undefined;
    }, 50);
}
