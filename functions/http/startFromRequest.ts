// Starting an overage run from an HTTP request, the same way for our API and
// the Partner Center-shaped one: a valid Idempotency-Key, a named reseller
// that really buys through the caller's partner, then the one start
// (shared/features/overage/startOverageRun.ts), answered 202 or 409.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { z } from 'zod';
import type { ServiceType } from '../../shared/core/domain/subscription';
import { managePermission } from '../../shared/features/access/managePermission';
import type { RunKind } from '../../shared/features/overage/runs';
import type { Dependencies } from '../../shared/adapters/dependencies';
import { startOverageRun } from '../../shared/features/overage/startOverageRun';
import type { Guarded } from './guard';
import { problem, refusal } from './problem';
import { startAnswer } from './runResource';
import { runNames } from '../../shared/features/overage/runNames';

export interface RequestedRun {
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

/** The request's Idempotency-Key header (absent: undefined), or the 400 for a bad one. */
export function idempotencyKeyOf(req: HttpRequest): { key?: string } | { refused: HttpResponseInit } {
    const raw = req.headers.get('idempotency-key');
    if (raw === null) return {};
    const key = IdempotencyKey.safeParse(raw);
    if (key.success) return { key: key.data };
    return { refused: problem(400, 'invalid-idempotency-key', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.', { remedy: 'Send a shorter key, e.g. a UUID.' }) };
}

export async function startFromRequest(deps: Pick<Dependencies, 'stateStore' | 'env' | 'microsoft' | 'clock'>, g: Guarded, req: HttpRequest, client: DurableClient, s: RequestedRun): Promise<HttpResponseInit> {
    const key = idempotencyKeyOf(req);
    if ('refused' in key) return key.refused;
    if (s.resellerPartnerId) {
        const { permission } = await managePermission(g.ms.partnerCenter, g.caller, s.resellerPartnerId, g.profile);
        if (!permission.allowed) return refusal(permission);
    }
    const started = await startOverageRun(deps, {
        client, kind: s.kind, customerTenantId: g.customerTenantId, service: s.service, caller: g.caller,
        alsoVisibleTo: s.resellerPartnerId ? [s.resellerPartnerId] : [], request: s.request, input: s.input, idempotencyKey: key.key,
    });
    // names only for the run the answer shows (a refusal names none)
    const names = started.outcome === 'started' || started.outcome === 'joined' ? (await runNames(deps, g.ms, g.caller, [started.run])).get(started.run.id) : undefined;
    return startAnswer(req, client, started, g.caller.partnerId, names);
}
