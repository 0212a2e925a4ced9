// The audit trail: one event per step of every run, kept with the customer.
// Each event lists the partners that may read it (the run's partner, the
// reseller it acted for, a reseller's provider), so a partner sharing a
// customer with another never sees the other's runs.
import type { StateStore } from '../../adapters/state/stateStore';
import { AuditEvent } from '../../core/overage/auditEvent';
import { CONTAINERS } from '../../adapters/state/containers';


/** Idempotent by id: a retried step writes the same document again, not a second one. */
export async function recordAuditEvent(store: StateStore, event: AuditEvent): Promise<void> {
    await store.upsert(CONTAINERS.audit, event.customerTenantId, event);
}

/** The events of a customer that `partnerId` may read, newest first (optionally of one run). */
export async function auditTrail(store: StateStore, customerTenantId: string, partnerId: string, runId?: string, limit = 500): Promise<AuditEvent[]> {
    const events = await store.query<AuditEvent>(CONTAINERS.audit, {
        partitionKey: customerTenantId, contains: { viewers: partnerId }, ...(runId ? { where: { runId } } : {}), orderBy: { field: 'at', direction: 'desc' }, limit,
    });
    // steps of one episode share a time: their sequence number orders them
    return events.map(({ etag: _etag, pk: _pk, ...e }) => e)
        .sort((a, b) => b.at.localeCompare(a.at) || a.runId.localeCompare(b.runId) || b.seq - a.seq);
}
