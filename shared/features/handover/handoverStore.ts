// The handover documents: written by their run only, read by the endpoints.
// A write never replaces a newer version, so an activity retried late (its
// first attempt's process died after writing) cannot roll a handover back.
import { StateConflictError, StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';
import { StoredHandover } from '../../core/handover/handoverSchemas';

const ATTEMPTS = 5;

export async function readHandover(store: StateStore, customerTenantId: string, id: string): Promise<Stored<StoredHandover> | undefined> {
    return store.read<StoredHandover>(CONTAINERS.handovers, customerTenantId, id);
}

/** The handovers of a customer that `partnerId` may read, newest first. */
export async function handoversOf(store: StateStore, customerTenantId: string, partnerId: string, limit = 50): Promise<StoredHandover[]> {
    return store.query<StoredHandover>(CONTAINERS.handovers, { partitionKey: customerTenantId, contains: { viewers: partnerId }, orderBy: { field: 'requestedAt', direction: 'desc' }, limit });
}

/** Writes `record` unless the stored one is as new or newer; true when written. */
export async function storeHandover(store: StateStore, record: StoredHandover): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
        const stored = await readHandover(store, record.customerTenantId, record.id);
        if (stored && stored.version >= record.version) return false;
        try {
            if (stored) await store.replace(CONTAINERS.handovers, record.customerTenantId, record, { ifMatch: stored.etag });
            else await store.create(CONTAINERS.handovers, record.customerTenantId, record);
            return true;
        } catch (err) {
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
}
