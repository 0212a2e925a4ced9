// Each customer-month's accrual, as last rated (container `accruals`,
// partition = customer, id = month). A re-run replaces it with the same lines
// (their ids are deterministic), so nothing is ever charged twice. A
// partner's own run replaces only that partner's lines: the other partners'
// lines of a shared customer, and the month's figures, stay as their last
// full rating left them.
import { StatePreconditionFailedError, StateConflictError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { AccrualResult, type ReconciliationLine } from '../../core/rating/ratingModel';
import { compareLines } from '../../core/rating/lines';
import { CONTAINERS } from '../../adapters/state/containers';

const CONTAINER = CONTAINERS.accruals;
/** Which customers' accruals have lines of a partner (partition = `<month>:<partner>`, id = customer): the file reads them one by one. */
const BY_PARTNER = CONTAINERS.accrualPartners;

export interface StoredAccrual extends AccrualResult {
    id: string;
    /** The partners with lines in it (their reconciliation files read it). */
    partnerIds: string[];
    ratedAt: string;
}

const ATTEMPTS = 5;

/**
 * Keeps a rated month. `onlyPartner`: a partner's own run keeps only its own
 * lines and warnings; the month's other figures and the other partners' lines
 * stay as the last full rating left them (the first rating of a month keeps
 * the new figures).
 */
export async function saveAccrual(store: StateStore, result: AccrualResult, ratedAt: string, onlyPartner?: string): Promise<void> {
    if (onlyPartner === undefined) return void (await write(store, { ...result, id: result.month, partnerIds: partnersOf(result.lines), ratedAt }));
    for (let attempt = 1; ; attempt++) {
        const stored = await store.read<StoredAccrual>(CONTAINER, result.customerTenantId, result.month);
        const month: StoredAccrual = stored ? withoutStoreFields(stored) : { ...result, id: result.month, partnerIds: [], ratedAt, lines: [], partnerWarnings: {} };
        const lines = [...month.lines.filter((l) => !isPartnersLine(l, onlyPartner)), ...result.lines.filter((l) => isPartnersLine(l, onlyPartner))].sort(compareLines);
        const { [onlyPartner]: _theirs, ...others } = month.partnerWarnings ?? ({} as Record<string, string[]>);
        const partnerWarnings = { ...others, ...(result.partnerWarnings[onlyPartner] ? { [onlyPartner]: result.partnerWarnings[onlyPartner] } : {}) };
        const doc: StoredAccrual = { ...month, lines, partnerWarnings, partnerIds: partnersOf(lines), ratedAt };
        try {
            // a full run that saved in between is not overwritten with the lines it replaced
            return void (await write(store, doc, stored ? { ifMatch: stored.etag } : { create: true }));
        } catch (err) {
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
}

/** A line a partner bills, as the partner or as the reseller it sells through. */
export function isPartnersLine(line: ReconciliationLine, partnerId: string): boolean {
    return line.PartnerId === partnerId || line.ResellerMPNID === partnerId;
}

function partnersOf(lines: readonly ReconciliationLine[]): string[] {
    return [...new Set(lines.flatMap((l) => [l.PartnerId, l.ResellerMPNID].filter(Boolean)))].sort();
}

async function write(store: StateStore, doc: StoredAccrual, o: { ifMatch?: string; create?: boolean } = {}): Promise<void> {
    await Promise.all(doc.partnerIds.map((p) => store.upsert(BY_PARTNER, `${doc.month}:${p}`, { id: doc.customerTenantId })));
    if (o.create) await store.create<StoredAccrual>(CONTAINER, doc.customerTenantId, doc);
    else if (o.ifMatch) await store.replace<StoredAccrual>(CONTAINER, doc.customerTenantId, doc, { ifMatch: o.ifMatch });
    else await store.upsert<StoredAccrual>(CONTAINER, doc.customerTenantId, doc);
}

/** The customer's rated months, newest first (at most `limit`): what a month picker lists before any month is asked for. */
export async function ratedMonths(store: StateStore, customerTenantId: string, limit: number): Promise<StoredAccrual[]> {
    const docs = await store.query<StoredAccrual>(CONTAINER, { partitionKey: customerTenantId, orderBy: { field: 'id', direction: 'desc' }, limit });
    return docs.map((d) => withoutStoreFields(d as Stored<StoredAccrual>));
}

export async function readAccrual(store: StateStore, customerTenantId: string, month: string): Promise<StoredAccrual | undefined> {
    const doc = await store.read<StoredAccrual>(CONTAINER, customerTenantId, month);
    return doc && withoutStoreFields(doc);
}

function withoutStoreFields({ etag: _etag, pk: _pk, ...doc }: Stored<StoredAccrual>): StoredAccrual {
    return doc;
}

/** The month's lines of one partner (as partner or as reseller), customer by customer, one accrual in memory at a time. */
export async function* partnerLines(store: StateStore, month: string, partnerId: string): AsyncGenerator<ReconciliationLine> {
    const customers = (await store.query<{ id: string }>(BY_PARTNER, { partitionKey: `${month}:${partnerId}` })).map((c) => c.id).sort();
    for (const customerTenantId of customers) {
        const doc = await readAccrual(store, customerTenantId, month);
        for (const line of doc?.lines ?? []) if (isPartnersLine(line, partnerId)) yield line;
    }
}
