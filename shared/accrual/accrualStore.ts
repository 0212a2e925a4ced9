// Each customer-month's accrual, as last rated (container `accruals`,
// partition = customer, id = month). A re-run replaces it with the same lines
// (their ids are deterministic), so nothing is ever charged twice.
import type { StateStore } from '../state';
import { AccrualResult, type ReconciliationLine } from './model';
import { CONTAINERS } from '../state/containers';

const CONTAINER = CONTAINERS.accruals;
/** Which customers' accruals have lines of a partner (partition = `<month>:<partner>`, id = customer): the file reads them one by one. */
const BY_PARTNER = CONTAINERS.accrualPartners;

export interface StoredAccrual extends AccrualResult {
    id: string;
    /** The partners with lines in it (their reconciliation files read it). */
    partnerIds: string[];
    ratedAt: string;
}

export async function saveAccrual(store: StateStore, result: AccrualResult, ratedAt: string): Promise<void> {
    const partnerIds = [...new Set(result.lines.flatMap((l) => [l.PartnerId, l.ResellerMPNID].filter(Boolean)))].sort();
    await Promise.all(partnerIds.map((p) => store.upsert(BY_PARTNER, `${result.month}:${p}`, { id: result.customerTenantId })));
    await store.upsert<StoredAccrual>(CONTAINER, result.customerTenantId, { ...result, id: result.month, partnerIds, ratedAt });
}

export async function readAccrual(store: StateStore, customerTenantId: string, month: string): Promise<StoredAccrual | undefined> {
    const doc = await store.read<StoredAccrual>(CONTAINER, customerTenantId, month);
    if (!doc) return undefined;
    const { etag: _etag, pk: _pk, ...rest } = doc;
    return rest;
}

/** The month's lines of one partner (as partner or as reseller), customer by customer, one accrual in memory at a time. */
export async function* partnerLines(store: StateStore, month: string, partnerId: string): AsyncGenerator<ReconciliationLine> {
    const customers = (await store.query<{ id: string }>(BY_PARTNER, { partitionKey: `${month}:${partnerId}` })).map((c) => c.id).sort();
    for (const customerTenantId of customers) {
        const doc = await readAccrual(store, customerTenantId, month);
        for (const line of doc?.lines ?? []) if (line.PartnerId === partnerId || line.ResellerMPNID === partnerId) yield line;
    }
}
