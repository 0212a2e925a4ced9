// A job's items as a partner reads them, in the job's order: walked along
// its roster a chunk at a time, each chunk's items read with one query, so a
// page costs a roster chunk and a query per thousand customers it passes,
// however the outcome filter thins it out.
import type { ItemOutcome } from '../../core/steps/jobSteps';
import type { StateStore } from '../../adapters/state/stateStore';
import { itemsOfChunk, ROSTER_CHUNK, rosterChunk, RosterEntry, StoredJob, StoredJobItem } from './jobStore';

export interface ItemView {
    customerTenantId: string;
    name: string | null;
    outcome: ItemOutcome;
    run: { id: string; customerTenantId: string } | null;
    detail: string | null;
    at: string;
}

export interface ItemsPage {
    items: ItemView[];
    /** The place in the job's order the next page starts at; null at the end. */
    next: number | null;
}

export async function itemsPage(store: StateStore, job: StoredJob, from: number, limit: number, outcome?: ItemOutcome): Promise<ItemsPage> {
    const items: ItemView[] = [];
    let index = from;
    while (items.length < limit && index < job.total) {
        const chunk = Math.floor(index / ROSTER_CHUNK);
        const [entries, stored] = await Promise.all([rosterChunk(store, job, chunk), itemsOfChunk(store, job.id, chunk)]);
        for (let k = index - chunk * ROSTER_CHUNK; k < entries.length && items.length < limit; k++, index++) {
            const view = viewOf(job, index, entries[k], stored.get(entries[k].id));
            if (!outcome || view.outcome === outcome) items.push(view);
        }
        if (index === chunk * ROSTER_CHUNK + entries.length && entries.length < ROSTER_CHUNK) index = job.total; // a short chunk is the last
    }
    return { items, next: index < job.total ? index : null };
}

/** One customer of the job: its item once its run started; before that, what the job knows of it. */
function viewOf(job: StoredJob, index: number, entry: RosterEntry, item: StoredJobItem | undefined): ItemView {
    if (item) return { customerTenantId: item.customerTenantId, name: item.name, outcome: item.outcome, run: item.run, detail: item.detail, at: item.at };
    const base = { customerTenantId: entry.id, name: entry.name, run: null };
    if (!entry.known) return { ...base, outcome: 'refused', detail: 'customer-not-found: not a customer of your partner in the fleet view', at: job.startedAt };
    if (job.skippedFrom !== null && index >= job.skippedFrom) return { ...base, outcome: 'skipped', detail: 'job cancelled', at: job.cancel?.at ?? job.endedAt ?? job.startedAt };
    return { ...base, outcome: 'queued', detail: null, at: job.startedAt };
}
