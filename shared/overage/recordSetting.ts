// The final overage setting per customer and service, written with optimistic
// concurrency, after Partner Center confirmed it. If another partner's
// enabled setting was recorded while this run was under way, this one loses;
// one recorded before it started is history Partner Center has since
// replaced (its holder gave it up, perhaps in the portal), and a repeat of
// the same run rewrites its own record.
import { StateConflictError, StatePreconditionFailedError, StateStore } from '../state';
import { CONTAINERS } from './containers';
import { OverageRecord } from './overageRecord';

const ATTEMPTS = 5;

/** The setting last recorded for the customer and service, if any. */
export async function recordedSetting(store: StateStore, customerTenantId: string, service: OverageRecord['service']): Promise<OverageRecord | undefined> {
    return (await readSetting(store, customerTenantId, service))?.current;
}

export async function recordSetting(store: StateStore, record: OverageRecord): Promise<{ won: boolean; current: OverageRecord }> {
    for (let attempt = 1; ; attempt++) {
        const stored = await readSetting(store, record.customerTenantId, record.service);
        if (stored && losesTo(record, stored.current)) return { won: false, current: stored.current };
        try {
            const doc = { id: record.service, ...record };
            if (stored) await store.replace(CONTAINERS.settings, record.customerTenantId, doc, { ifMatch: stored.etag });
            else await store.create(CONTAINERS.settings, record.customerTenantId, doc);
            return { won: true, current: record };
        } catch (err) {
            // someone wrote between our read and our write: read again and decide again
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
}

async function readSetting(store: StateStore, customerTenantId: string, service: OverageRecord['service']): Promise<{ current: OverageRecord; etag: string } | undefined> {
    const doc = await store.read<OverageRecord & { id: string }>(CONTAINERS.settings, customerTenantId, service);
    return doc && { current: OverageRecord.parse(doc), etag: doc.etag };
}

/** Another run's enabled setting for another partner, recorded since this run started. */
function losesTo(record: OverageRecord, current: OverageRecord): boolean {
    const recordedSinceStart = record.runStartedAt === undefined || Date.parse(current.at) >= Date.parse(record.runStartedAt);
    return current.runId !== record.runId && current.overageEnabled && current.partnerId !== record.partnerId && recordedSinceStart;
}
