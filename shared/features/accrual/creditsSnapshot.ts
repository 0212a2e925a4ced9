// Communications Credits balances as they stood at the start of a month: the
// monthly timer records every known customer's balance before it rates the
// month that just ended, and the next month's rating opens with it. The first
// snapshot of a month stands (a re-run does not move the opening balance).
import type { CommunicationsCredits } from '../../core/domain/customer';
import { StateConflictError } from '../../adapters/state/stateErrors';
import type { StateStore } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';

const CONTAINER = CONTAINERS.creditsSnapshots;

interface Snapshot {
    id: string;
    customerTenantId: string;
    at: string;
    credits: CommunicationsCredits | null;
}

export async function recordCreditsSnapshot(store: StateStore, customerTenantId: string, month: string, credits: CommunicationsCredits | null, at: string): Promise<boolean> {
    try {
        await store.create<Snapshot>(CONTAINER, customerTenantId, { id: month, customerTenantId, at, credits });
        return true;
    } catch (err) {
        if (err instanceof StateConflictError) return false;
        throw err;
    }
}

export async function readCreditsSnapshot(store: StateStore, customerTenantId: string, month: string): Promise<Snapshot | undefined> {
    return store.read<Snapshot>(CONTAINER, customerTenantId, month);
}
