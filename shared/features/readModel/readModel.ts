// The overage read model: one document per customer and service (partition =
// customer tenant, id = service) holding what GET overage answers, as Partner
// Center and the credits API last showed it. Reads are served from it so they
// are fast and do not call Partner Center; a run, the sync timer and
// `?refresh=true` keep it current. `asOf` says when Microsoft's APIs were
// read; `viewers` are the partners Partner Center showed the customer to.
import { z } from 'zod';
import type { KnownRelationships } from '../access/authorise';
import { appClock } from '../../core/clock';
import { CommunicationsCredits } from '../../core/domain/customer';
import { assessCredits } from '../../core/domain/rules/credits';
import { ServiceType } from '../../core/domain/subscription';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';

export const READ_MODEL_CONTAINER = CONTAINERS.readModel;

export const ReadModelDoc = z.object({
    id: ServiceType,
    customerTenantId: z.guid(),
    service: ServiceType,
    /** The customer's company name at Partner Center; null when not read yet. */
    name: z.string().nullable(),
    /** Partner Center's overage record for the service; null when it shows none. */
    overage: z.object({ enabled: z.boolean(), partnerId: z.string(), azureEntitlementId: z.string().nullable() }).nullable(),
    /** The Communications Credits as the credits API showed them; null when the customer never had any. */
    credits: CommunicationsCredits.nullable(),
    payerNow: z.enum(['credits', 'overage', 'nobody']),
    postpaidActive: z.boolean(),
    /** Partners that may see this document (Partner Center showed them the customer). */
    viewers: z.array(z.string()),
    /** When Partner Center (and the credits API) were read. */
    asOf: z.iso.datetime(),
    /** What refreshed it last. */
    source: z.enum(['sync', 'run', 'refresh']),
});
export type ReadModelDoc = z.infer<typeof ReadModelDoc>;

/** What a live read found, before it is stored. */
export interface LiveView {
    customerTenantId: string;
    service: ServiceType;
    name: string | null;
    overage: ReadModelDoc['overage'];
    credits: CommunicationsCredits | null;
    viewers: string[];
    asOf: string;
}

const PAYER = { communicationsCredits: 'credits', overage: 'overage', nothing: 'nobody' } as const;

export function toDoc(view: LiveView, source: ReadModelDoc['source']): ReadModelDoc {
    const assessed = assessCredits(view.credits, view.overage && { overageEnabled: view.overage.enabled });
    return {
        id: view.service, customerTenantId: view.customerTenantId, service: view.service, name: view.name, overage: view.overage, credits: view.credits,
        payerNow: PAYER[assessed.payer], postpaidActive: assessed.postpaidActive, viewers: [...new Set(view.viewers)].sort(), asOf: view.asOf, source,
    };
}

export async function readDoc(store: StateStore, customerTenantId: string, service: ServiceType): Promise<Stored<ReadModelDoc> | undefined> {
    return store.read<ReadModelDoc>(READ_MODEL_CONTAINER, customerTenantId, service);
}

/**
 * Writes a fresh view unless the stored one was read later (two refreshes
 * racing: the newer read wins). Lost ETag races are retried a few times.
 */
export async function saveDoc(store: StateStore, doc: ReadModelDoc): Promise<ReadModelDoc> {
    for (let attempt = 1; ; attempt++) {
        const stored = await readDoc(store, doc.customerTenantId, doc.service);
        if (stored && Date.parse(stored.asOf) > Date.parse(doc.asOf)) return stored;
        try {
            await store.upsert(READ_MODEL_CONTAINER, doc.customerTenantId, doc, stored ? { ifMatch: stored.etag } : {});
            return doc;
        } catch (err) {
            if (attempt >= 3) throw err;
        }
    }
}

/** A document read within `maxAgeMs` of `now`. */
export function isFresh(doc: Pick<ReadModelDoc, 'asOf'>, maxAgeMs: number, now = appClock.now()): boolean {
    return now - Date.parse(doc.asOf) <= maxAgeMs;
}

/** The documents of a service a partner may see (cross-partition: small numbers of customers per partner). */
export async function docsOfPartner(store: StateStore, partnerId: string, service: ServiceType): Promise<Array<Stored<ReadModelDoc>>> {
    // written only by this module (toDoc): not parsed again on every page of every list (the list picks its fields)
    return store.query<ReadModelDoc>(READ_MODEL_CONTAINER, { where: { service }, contains: { viewers: partnerId }, orderBy: { field: 'customerTenantId', direction: 'asc' } });
}

/**
 * The read model as known relationships (authorise()'s stand-in for a Partner
 * Center call): a fresh document that names the partner among its viewers.
 * The document a yes rested on is kept in `fresh`, so the one read serves the
 * check and the answer.
 */
export class ReadModelRelationships implements KnownRelationships {
    fresh: ReadModelDoc | undefined;

    constructor(private readonly store: StateStore, private readonly service: ServiceType, private readonly maxAgeMs: number) {}

    async sees(partnerId: string, customerTenantId: string): Promise<boolean> {
        const doc = await readDoc(this.store, customerTenantId, this.service);
        this.fresh = doc && doc.viewers.includes(partnerId) && isFresh(doc, this.maxAgeMs) ? doc : undefined;
        return this.fresh !== undefined;
    }
}
