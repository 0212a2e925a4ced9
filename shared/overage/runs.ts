// Start a lifecycle run for a customer and service, or join the one already
// running: a repeated request (same customer, service and partner, or the same
// Idempotency-Key) gets the running instance instead of a second one. The
// claim is an ETag-guarded document, so two starts racing each other end up
// with one run. Different partners get runs of their own: Partner Center and
// the ETag on the recorded setting decide which of them wins.
import { randomUUID } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import { StateConflictError, StatePreconditionFailedError, StateStore } from '../state';
import { CONTAINERS } from './containers';

export interface RunClaim {
    id: string;
    instanceId: string;
    orchestration: string;
    startedAt: string;
    partnerId: string;
}

export interface StartRequest {
    client: DurableClient;
    store: StateStore;
    orchestration: string;
    customerTenantId: string;
    service: string;
    partnerId: string;
    input: unknown;
    idempotencyKey?: string;
}

export interface Started {
    instanceId: string;
    /** True when an existing run was returned. */
    joined: boolean;
}

const ACTIVE = new Set(['Pending', 'Running', 'ContinuedAsNew', 'Suspended']);

export async function startOrJoin(r: StartRequest): Promise<Started> {
    const keyId = r.idempotencyKey && `${r.customerTenantId}:${r.idempotencyKey}`;
    if (keyId) {
        const seen = await r.store.read<{ id: string; instanceId: string }>(CONTAINERS.idempotency, r.partnerId, keyId);
        if (seen) return { instanceId: seen.instanceId, joined: true };
    }
    for (let attempt = 0; attempt < 3; attempt++) {
        const claimId = runClaimId(r.service, r.partnerId);
        const claim = await r.store.read<RunClaim>(CONTAINERS.runs, r.customerTenantId, claimId);
        if (claim && (await isActive(r.client, claim.instanceId))) return remember(r, keyId, { instanceId: claim.instanceId, joined: true });
        const instanceId = `${r.orchestration}-${r.customerTenantId}-${randomUUID().slice(0, 8)}`;
        const next: RunClaim = { id: claimId, instanceId, orchestration: r.orchestration, startedAt: new Date().toISOString(), partnerId: r.partnerId };
        try {
            if (claim) await r.store.replace(CONTAINERS.runs, r.customerTenantId, next, { ifMatch: claim.etag });
            else await r.store.create(CONTAINERS.runs, r.customerTenantId, next);
        } catch (err) {
            if (err instanceof StatePreconditionFailedError || err instanceof StateConflictError) continue; // another start won the claim: join it
            throw err;
        }
        await r.client.startNew(r.orchestration, { instanceId, input: r.input });
        return remember(r, keyId, { instanceId, joined: false });
    }
    throw new Error(`Could not claim the run for ${r.customerTenantId}/${r.service}: too many concurrent starts.`);
}

async function isActive(client: DurableClient, instanceId: string): Promise<boolean> {
    try {
        return ACTIVE.has((await client.getStatus(instanceId)).runtimeStatus);
    } catch {
        return false; // claimed but never started (a crash in between) or purged: free to take over
    }
}

async function remember(r: StartRequest, keyId: string | undefined, started: Started): Promise<Started> {
    if (!keyId) return started;
    try {
        await r.store.create(CONTAINERS.idempotency, r.partnerId, { id: keyId, instanceId: started.instanceId, at: new Date().toISOString() });
        return started;
    } catch (err) {
        if (!(err instanceof StateConflictError)) throw err;
        const first = await r.store.read<{ id: string; instanceId: string }>(CONTAINERS.idempotency, r.partnerId, keyId);
        return { instanceId: first!.instanceId, joined: true };
    }
}

/** The partner's latest run for a customer and service. */
export async function lastRun(store: StateStore, customerTenantId: string, service: string, partnerId: string): Promise<RunClaim | undefined> {
    return store.read<RunClaim>(CONTAINERS.runs, customerTenantId, runClaimId(service, partnerId));
}

function runClaimId(service: string, partnerId: string): string {
    return `${service}:${partnerId}`;
}
