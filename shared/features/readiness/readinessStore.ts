// The fleet view's documents: written by the sync and after a run, read by
// GET /api/readiness and the bulk jobs' filter. Each partner's partition has
// a `generation` document that every write changes, so a reader can keep the
// partner's rows in memory and ask one point read whether they are current.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoNow } from '../../core/clock';
import { ReadinessState } from '../../core/domain/rules/readiness';
import { ServiceType } from '../../core/domain/subscription';
import { CONTAINERS } from '../../adapters/state/containers';
import { StateNotFoundError } from '../../adapters/state/stateErrors';
import type { StateStore } from '../../adapters/state/stateStore';
import { ReadinessDoc, readinessId, USAGE_STATES } from './readinessDoc';

const CONTAINER = CONTAINERS.readiness;
const GENERATION = 'generation';

interface Generation { id: typeof GENERATION; stamp: string; at: string }

/** What a partner may narrow its fleet to: a state, a blocker code, a usage pull state, a substring of the name or tenant id. */
export const ReadinessFilter = z.strictObject({
    state: ReadinessState.optional(),
    blocker: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
    usage: z.enum(USAGE_STATES).optional(),
    q: z.string().trim().min(1).max(100).optional(),
});
export type ReadinessFilter = z.infer<typeof ReadinessFilter>;

export function matches(doc: ReadinessDoc, f: ReadinessFilter): boolean {
    if (f.state && doc.state !== f.state) return false;
    if (f.blocker && !doc.blockers.some((b) => b.code === f.blocker)) return false;
    if (f.usage && (doc.usage?.state ?? 'not-pulled') !== f.usage) return false;
    if (f.q) {
        const q = f.q.toLowerCase();
        if (!lowerName(doc).includes(q) && !doc.customerTenantId.includes(q)) return false;
    }
    return true;
}

const lowered = new WeakMap<ReadinessDoc, string>();
/** The name in lower case, made once per document (a search runs over every row of a fleet). */
function lowerName(doc: ReadinessDoc): string {
    let name = lowered.get(doc);
    if (name === undefined) lowered.set(doc, (name = doc.name.toLowerCase()));
    return name;
}

/** Name order (then tenant id), the one order every list and export uses. */
export function byName(a: ReadinessDoc, b: ReadinessDoc): number {
    const an = lowerName(a);
    const bn = lowerName(b);
    return an < bn ? -1 : an > bn ? 1 : a.customerTenantId < b.customerTenantId ? -1 : a.customerTenantId > b.customerTenantId ? 1 : 0;
}

export async function readReadiness(store: StateStore, partnerId: string, customerTenantId: string, service: ServiceType): Promise<ReadinessDoc | undefined> {
    return store.read<ReadinessDoc>(CONTAINER, partnerId, readinessId(customerTenantId, service));
}

/** Every customer of the partner, in name order. */
export async function readinessOfPartner(store: StateStore, partnerId: string, service: ServiceType): Promise<ReadinessDoc[]> {
    const docs = await store.query<ReadinessDoc>(CONTAINER, { partitionKey: partnerId, where: { service } });
    return docs.map(strip).sort(byName);
}

/** Writes one assessment; call `touch` once the partner's writes of a round are done. */
export async function saveReadiness(store: StateStore, doc: ReadinessDoc): Promise<void> {
    await store.upsert(CONTAINER, doc.partnerId, ReadinessDoc.parse(doc));
}

/** Takes customers the partner no longer has off its fleet. */
export async function removeReadiness(store: StateStore, partnerId: string, id: string): Promise<void> {
    await store.delete(CONTAINER, partnerId, id).catch((err: unknown) => {
        if (!(err instanceof StateNotFoundError)) throw err;
    });
}

/** Marks the partner's fleet as changed, so cached rows are read again. */
export async function touch(store: StateStore, partnerId: string): Promise<void> {
    await store.upsert<Generation>(CONTAINER, partnerId, { id: GENERATION, stamp: randomUUID(), at: isoNow() });
}

export async function generationOf(store: StateStore, partnerId: string): Promise<string | undefined> {
    return (await store.read<Generation>(CONTAINER, partnerId, GENERATION))?.stamp;
}

function strip(d: ReadinessDoc & { pk?: string; etag?: string }): ReadinessDoc {
    const { pk: _pk, etag: _etag, ...doc } = d;
    return doc;
}
