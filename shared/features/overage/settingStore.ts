// The final overage setting per customer and service, written with optimistic
// concurrency, after Partner Center confirmed it. If another partner's
// enabled setting was recorded while this run was under way, this one loses;
// one recorded before it started is history Partner Center has since
// replaced (its holder gave it up, perhaps in the portal), and a repeat of
// the same run rewrites its own record.
import { StateConflictError, StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';
import { RecordedSetting } from '../../core/overage/recordedSetting';

const ATTEMPTS = 5;

/** The run id of a setting the app found at Partner Center rather than made. */
export const ADOPTED = 'adopted';

/**
 * The first time the app acts on a customer's setting, it keeps what Partner
 * Center shows then as in force since before (made outside the app), so the
 * accrual knows who held overage before the app's first change.
 */
export async function adoptSetting(store: StateStore, customerTenantId: string, service: RecordedSetting['service'], current: { partnerId: string; azureEntitlementId: string | null; overageEnabled: boolean } | null): Promise<void> {
    if (!current) return;
    const known = await store.query(CONTAINERS.settingHistory, { partitionKey: customerTenantId, where: { service }, limit: 1 });
    if (known.length) return;
    const at = new Date(0).toISOString();
    await store.upsert(CONTAINERS.settingHistory, customerTenantId, {
        id: `${service}:${ADOPTED}`, customerTenantId, service, partnerId: current.partnerId, azureEntitlementId: current.azureEntitlementId, overageEnabled: current.overageEnabled, runId: ADOPTED, at,
    });
}

/** Every setting recorded for the customer and service, oldest first. */
export async function settingHistory(store: StateStore, customerTenantId: string, service: RecordedSetting['service']): Promise<RecordedSetting[]> {
    const entries = await store.query<RecordedSetting & { id: string }>(CONTAINERS.settingHistory, { partitionKey: customerTenantId, where: { service }, orderBy: { field: 'at', direction: 'asc' } });
    return entries.map((e) => RecordedSetting.parse(e));
}

/** The setting last recorded for the customer and service, if any. */
export async function recordedSetting(store: StateStore, customerTenantId: string, service: RecordedSetting['service']): Promise<RecordedSetting | undefined> {
    return (await readSetting(store, customerTenantId, service))?.current;
}

export async function recordSetting(store: StateStore, record: RecordedSetting): Promise<{ won: boolean; current: RecordedSetting }> {
    for (let attempt = 1; ; attempt++) {
        const stored = await readSetting(store, record.customerTenantId, record.service);
        if (stored && losesTo(record, stored.current)) return { won: false, current: stored.current };
        try {
            const doc = { id: record.service, ...record };
            if (stored) await store.replace(CONTAINERS.settings, record.customerTenantId, doc, { ifMatch: stored.etag });
            else await store.create(CONTAINERS.settings, record.customerTenantId, doc);
            // idempotent by id: a retried activity writes the same entry again
            await store.upsert(CONTAINERS.settingHistory, record.customerTenantId, { id: `${record.service}:${record.at}:${record.runId}`, ...record });
            return { won: true, current: record };
        } catch (err) {
            // someone wrote between our read and our write: read again and decide again
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
}

async function readSetting(store: StateStore, customerTenantId: string, service: RecordedSetting['service']): Promise<{ current: RecordedSetting; etag: string } | undefined> {
    const doc = await store.read<RecordedSetting & { id: string }>(CONTAINERS.settings, customerTenantId, service);
    return doc && { current: RecordedSetting.parse(doc), etag: doc.etag };
}

/** Another run's enabled setting for another partner, recorded since this run started. */
function losesTo(record: RecordedSetting, current: RecordedSetting): boolean {
    const recordedSinceStart = record.runStartedAt === undefined || Date.parse(current.at) >= Date.parse(record.runStartedAt);
    return current.runId !== record.runId && current.overageEnabled && current.partnerId !== record.partnerId && recordedSinceStart;
}
