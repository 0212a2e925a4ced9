// Starting a lifecycle run from an HTTP request, the same way for our API and
// the Partner Center-shaped one: a valid Idempotency-Key, a named reseller
// that really buys through the caller's partner, then one run per customer
// and service (shared/overage/runs.ts), answered 202 or 409.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { z } from 'zod';
import type { ServiceType } from '../../shared/domain/subscription';
import { ORCHESTRATIONS } from '../../shared/overage/enablement';
import { managePermission } from '../../shared/overage/managePermission';
import { runInput } from '../../shared/overage/runInput';
import { RunKind, startRun } from '../../shared/overage/runs';
import { getStateStore } from '../../shared/runtime';
import type { Guarded } from './guard';
import { problem, refusal } from './problem';
import { startAnswer } from './runResource';

export interface LifecycleStart {
    kind: RunKind;
    service: ServiceType;
    /** What was asked (becomes the run's `request`; equal requests join one run). */
    request: Record<string, unknown>;
    resellerPartnerId?: string;
    /** Orchestration input beyond what every run gets. */
    input: Record<string, unknown>;
}

// Any printable text: the key is hashed before it becomes a document id
const IdempotencyKey = z.string().min(1).max(255).regex(/^[\x20-\x7e]+$/);

export async function startLifecycle(g: Guarded, req: HttpRequest, client: DurableClient, s: LifecycleStart): Promise<HttpResponseInit> {
    const rawKey = req.headers.get('idempotency-key');
    const key = rawKey === null ? undefined : IdempotencyKey.safeParse(rawKey);
    if (key && !key.success) {
        return problem(400, 'invalid-idempotency-key', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.', { remedy: 'Send a shorter key, e.g. a UUID.' });
    }
    if (s.resellerPartnerId) {
        const { permission } = await managePermission(g.ms.partnerCenter, g.caller, s.resellerPartnerId, g.profile);
        if (!permission.allowed) return refusal(permission);
    }
    const { caller, customerTenantId } = g;
    const viewers = [caller.partnerId, ...(s.resellerPartnerId ? [s.resellerPartnerId] : [])];
    const started = await startRun({
        client, store: getStateStore(), kind: s.kind, orchestration: ORCHESTRATIONS[s.kind], customerTenantId, service: s.service,
        partnerId: caller.partnerId, upn: caller.upn, viewers, request: s.request, idempotencyKey: key?.data,
        input: { ...runInput(customerTenantId, s.service, caller, viewers), ...s.input },
    });
    return startAnswer(req, client, started, caller.partnerId);
}
