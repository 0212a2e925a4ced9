// A partner's alert thresholds for one customer (container alert-thresholds,
// partition = customer, id = partner): each partner of a customer keeps its
// own, and an evaluation reads the customer's partition once for all of them.
import type { AlertThresholds } from '../../core/alerts/alertThresholds';
import { CONTAINERS } from '../../adapters/state/containers';
import type { StateStore } from '../../adapters/state/stateStore';

export interface ThresholdsDoc extends AlertThresholds {
    id: string;
    partnerId: string;
    customerTenantId: string;
    updatedAt: string;
    updatedBy: string;
}

export async function readThresholds(store: StateStore, customerTenantId: string, partnerId: string): Promise<ThresholdsDoc | undefined> {
    return store.read<ThresholdsDoc>(CONTAINERS.alertThresholds, customerTenantId, partnerId);
}

/** Replaces the partner's thresholds whole (a threshold left out is no longer watched). */
export async function saveThresholds(store: StateStore, doc: Omit<ThresholdsDoc, 'id'>): Promise<ThresholdsDoc> {
    const { pk: _pk, etag: _etag, ...saved } = await store.upsert(CONTAINERS.alertThresholds, doc.customerTenantId, { ...doc, id: doc.partnerId });
    return saved;
}

/** Every partner's thresholds for the customer. */
export async function customerThresholds(store: StateStore, customerTenantId: string): Promise<ThresholdsDoc[]> {
    return store.query<ThresholdsDoc>(CONTAINERS.alertThresholds, { partitionKey: customerTenantId });
}

/** The thresholds as the API shows them: what was set, who set it and when. */
export function thresholdsView(doc: ThresholdsDoc | undefined, customerTenantId: string) {
    if (!doc) return { customerTenantId, mailCustomerAdmin: false, updatedAt: null, updatedBy: null };
    const { id: _id, partnerId: _partner, pk: _pk, etag: _etag, ...rest } = doc as ThresholdsDoc & { pk?: string; etag?: string };
    return rest;
}
