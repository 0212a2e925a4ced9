// The customers the daily pull reads, and the roster one run keeps of them.
// Who: every customer with overage on, or with Communications Credits the app
// knows of, as the read model last saw it (kept by the fleet sync and by
// runs), each with a served partner that sees it, whose agent the pull acts
// as (the overage owner when served). The roster is written once, at the
// run's start, in chunks of 1,000 (container usage-pulls, partition = the
// run's id), so the run's history and input hold only a place in it.
import { CONTAINERS } from '../../../adapters/state/containers';
import { servedAgents } from '../../../adapters/partnerCenter/servedPartners';
import type { StateStore } from '../../../adapters/state/stateStore';
import { PHONE_SERVICES } from '../../../core/overage/enablement';
import type { PullTarget } from '../../../core/steps/usagePullSteps';
import { READ_MODEL_CONTAINER, type ReadModelDoc } from '../../readModel/readModel';

const CHUNK = 1_000;

interface RosterChunk {
    id: string;
    runId: string;
    /** The chunk's first place in the roster. */
    offset: number;
    customers: PullTarget[];
}

/** The customers to pull, in tenant id order. */
export async function customersToPull(store: StateStore, env: Record<string, string | undefined>): Promise<PullTarget[]> {
    const served = new Set(servedAgents(env).map((a) => a.partnerId));
    const docs = await store.query<ReadModelDoc>(READ_MODEL_CONTAINER, { where: { service: PHONE_SERVICES } });
    const targets: PullTarget[] = [];
    for (const doc of docs) {
        if (!doc.overage?.enabled && doc.credits === null) continue;
        const owner = doc.overage && served.has(doc.overage.partnerId) ? doc.overage.partnerId : undefined;
        const partnerId = owner ?? doc.viewers.find((v) => served.has(v));
        if (partnerId) targets.push({ customerTenantId: doc.customerTenantId, partnerId });
    }
    return targets.sort((a, b) => (a.customerTenantId < b.customerTenantId ? -1 : a.customerTenantId > b.customerTenantId ? 1 : 0));
}

/** Writes the run's roster (again, the same, when a step is repeated). */
export async function writeRoster(store: StateStore, runId: string, targets: readonly PullTarget[]): Promise<number> {
    for (let offset = 0; offset < targets.length; offset += CHUNK) {
        const chunk: RosterChunk = { id: chunkId(offset), runId, offset, customers: targets.slice(offset, offset + CHUNK) };
        await store.upsert(CONTAINERS.usagePulls, runId, chunk);
    }
    return targets.length;
}

/** The roster's customers from `offset` on, at most `limit`. */
export async function readRoster(store: StateStore, runId: string, offset: number, limit: number): Promise<PullTarget[]> {
    const out: PullTarget[] = [];
    for (let at = offset - (offset % CHUNK); out.length < limit; at += CHUNK) {
        const chunk = await store.read<RosterChunk>(CONTAINERS.usagePulls, runId, chunkId(at));
        if (!chunk) break;
        out.push(...chunk.customers.slice(Math.max(0, offset - at), Math.max(0, offset - at) + limit - out.length));
    }
    return out;
}

/** Deletes the run's roster. */
export async function deleteRoster(store: StateStore, runId: string): Promise<number> {
    const chunks = await store.query<RosterChunk>(CONTAINERS.usagePulls, { partitionKey: runId });
    for (const c of chunks) await store.delete(CONTAINERS.usagePulls, runId, c.id);
    return chunks.length;
}

const chunkId = (offset: number): string => `roster-${offset}`;
