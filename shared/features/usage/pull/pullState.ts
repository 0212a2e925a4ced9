// A customer's usage pulled from Microsoft Graph: one document per customer
// (container usage-pulls, partition = customer, id = `pstn`) holding the
// cursor, where the next pull starts (every call that started before it is
// in the store), and the usage state the last pull found: `ok`,
// `consent-missing` (with what to do), or `failed` (with the fault). The
// cursor only moves forward, and only after the import of the calls before it
// committed; two pulls racing can only both leave it at the later end.
import { CONTAINERS } from '../../../adapters/state/containers';
import { StateConflictError, StateNotFoundError, StatePreconditionFailedError } from '../../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../../adapters/state/stateStore';
import type { Fault } from '../../../core/faults/stepFault';

export const USAGE_PULL_DOC_ID = 'pstn';

export type UsageState = 'ok' | 'consent-missing' | 'failed';

/** What a pull read and imported, summed over its windows. */
export interface PullCounts {
    rowsRead: number;
    accepted: number;
    duplicates: number;
    free: number;
    badRows: number;
}

export interface UsagePullDoc {
    id: typeof USAGE_PULL_DOC_ID;
    customerTenantId: string;
    /** ISO 8601: the calls before it are pulled (the end of the last window whose import committed); null before the first. */
    cursor: string | null;
    state: UsageState;
    /** When the last pull ended. */
    checkedAt: string;
    /** The partner whose agent the last pull acted as, and who asked for it. */
    partnerId: string;
    requestedBy: string;
    /** The span the last pull asked for, and what it imported. */
    lastPull: { from: string; to: string; counts: PullCounts } | null;
    /** consent-missing: what Graph said. */
    consentDetail?: string;
    /** failed: the fault. */
    fault?: Fault;
}

export async function readPullState(store: StateStore, customerTenantId: string): Promise<Stored<UsagePullDoc> | undefined> {
    return store.read<UsagePullDoc>(CONTAINERS.usagePulls, customerTenantId, USAGE_PULL_DOC_ID);
}

/**
 * Writes the state of a pull; the cursor becomes the later of the stored one
 * and `change.cursor`. Lost races with another pull are read again and retried.
 */
export async function savePullState(store: StateStore, change: Omit<UsagePullDoc, 'id'>): Promise<UsagePullDoc> {
    for (let attempt = 1; ; attempt++) {
        const stored = await readPullState(store, change.customerTenantId);
        const doc: UsagePullDoc = { ...change, id: USAGE_PULL_DOC_ID, cursor: later(stored?.cursor ?? null, change.cursor) };
        try {
            if (stored) await store.replace(CONTAINERS.usagePulls, change.customerTenantId, doc, { ifMatch: stored.etag });
            else await store.create(CONTAINERS.usagePulls, change.customerTenantId, doc);
            return doc;
        } catch (err) {
            const raced = err instanceof StatePreconditionFailedError || err instanceof StateConflictError || err instanceof StateNotFoundError;
            if (!raced || attempt >= 5) throw err;
        }
    }
}

function later(a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    return Date.parse(a) >= Date.parse(b) ? a : b;
}
