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
    const doc = await store.read<OverageRecord & { id: string }>(CONTAINERS.settings, customerTenantId, service);
    return doc && OverageRecord.parse(doc);
}

export async function recordSetting(store: StateStore, record: OverageRecord): Promise<{ won: boolean; current: OverageRecord }> {
    for (let attempt = 1; ; attempt++) {
        const existing = await store.read<OverageRecord & { id: string }>(CONTAINERS.settings, record.customerTenantId, record.service);
        const current = existing && OverageRecord.parse(existing);
        if (current && current.runId !== record.runId && current.overageEnabled && current.partnerId !== record.partnerId && !isOlderThan(current, record.runStartedAt)) {
            return { won: false, current };
        }
        try {
            const doc = { id: record.service, ...record };
            if (existing) await store.replace(CONTAINERS.settings, record.customerTenantId, doc, { ifMatch: existing.etag });
            else await store.create(CONTAINERS.settings, record.customerTenantId, doc);
            return { won: true, current: record };
        } catch (err) {
            // someone wrote between our read and our write: read again and decide again
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
}

function isOlderThan(current: OverageRecord, runStartedAt: string | undefined): boolean {
    return runStartedAt !== undefined && Date.parse(current.at) < Date.parse(runStartedAt);
}
