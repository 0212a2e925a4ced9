// Refreshing the read model: one customer (after a run, on `?refresh=true`),
// and the customers the app knows (which the fleet sync also reads).
import type { Caller } from '../../core/domain/partner';
import type { ServiceType } from '../../core/domain/subscription';
import type { Dependencies } from '../../adapters/dependencies';
import type { CallBudget } from '../../adapters/microsoftClients';
import { CONTAINERS } from '../../adapters/state/containers';
import type { StateStore } from '../../adapters/state/stateStore';
import { readLive } from './liveRead';
import { READ_MODEL_CONTAINER, readDoc, ReadModelDoc, saveDoc, toDoc } from './readModel';

export interface RefreshOptions {
    source: ReadModelDoc['source'];
    budget?: CallBudget;
    /**
     * Keep the stored viewers besides those found now (a refresh made as one
     * caller cannot tell whether other partners still see the customer; the
     * sync, which asks as every served partner, replaces them).
     */
    keepViewers?: boolean;
}

/**
 * Reads the customer live and stores the view; undefined when none of the
 * agents' partners has it. Then a refresh (keepViewers) leaves the stored
 * document alone, while the sync, asking as every served partner, takes every
 * viewer off it: no partner keeps listing a customer that is no longer theirs.
 */
export type ReadModelDependencies = Pick<Dependencies, 'stateStore' | 'microsoft'>;

export async function refreshCustomer({ stateStore: store, microsoft }: ReadModelDependencies, customerTenantId: string, service: ServiceType, agents: Caller[], o: RefreshOptions): Promise<ReadModelDoc | undefined> {
    const view = await readLive(microsoft, customerTenantId, service, agents, { budget: o.budget });
    const stored = await readDoc(store, customerTenantId, service);
    if (!view) {
        if (!o.keepViewers && stored?.viewers.length) await store.replace(READ_MODEL_CONTAINER, customerTenantId, { ...stored, viewers: [] }, { ifMatch: stored.etag });
        return undefined;
    }
    const viewers = o.keepViewers && stored ? [...stored.viewers, ...view.viewers] : view.viewers;
    return saveDoc(store, toDoc({ ...view, viewers, name: view.name ?? stored?.name ?? null }, o.source));
}

/**
 * What a reader of the customer is answered: the fresh stored view the
 * authorisation found (`fresh`), else a live read that is kept, so the next
 * reads within the age need not call Partner Center again.
 */
export async function currentView(deps: ReadModelDependencies, customerTenantId: string, service: ServiceType, caller: Caller, fresh: ReadModelDoc | undefined): Promise<{ doc: ReadModelDoc; servedFrom: 'read-model' | 'partner-center' } | undefined> {
    if (fresh) return { doc: fresh, servedFrom: 'read-model' };
    const doc = await refreshCustomer(deps, customerTenantId, service, [caller], { source: 'refresh', budget: 'request', keepViewers: true });
    return doc && { doc, servedFrom: 'partner-center' };
}

/** The customers the app knows: those with a recorded setting or a read-model document. */
export async function knownCustomers(store: StateStore): Promise<string[]> {
    const [settings, docs] = await Promise.all([
        store.query<{ id: string; customerTenantId: string }>(CONTAINERS.settings),
        store.query<{ id: string; customerTenantId: string }>(READ_MODEL_CONTAINER),
    ]);
    return [...new Set([...settings, ...docs].map((d) => d.customerTenantId))].sort();
}
