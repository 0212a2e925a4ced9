// A partner's webhook (container partner-webhooks, id `webhook`) and every
// attempt to deliver to it (container webhook-deliveries, id
// `<delivery id>:<attempt>`), both partitioned by partner: a partner reads and
// changes only its own. The secret is kept with the webhook and never shown.
import { CONTAINERS } from '../../adapters/state/containers';
import type { StateStore } from '../../adapters/state/stateStore';

export interface WebhookDoc {
    id: 'webhook';
    partnerId: string;
    url: string;
    secret: string;
    updatedAt: string;
    updatedBy: string;
}

export interface DeliveryAttemptDoc {
    id: string;
    partnerId: string;
    deliveryId: string;
    attempt: number;
    customerTenantId: string;
    alertIds: string[];
    url: string;
    at: string;
    outcome: 'delivered' | 'refused' | 'failed';
    /** The receiver's status; null on a timeout or network error. */
    status: number | null;
    error: string | null;
    durationMs: number;
    /** When the next attempt starts; null when none follows (delivered, refused, or the retry budget is spent). */
    nextAttemptAt: string | null;
}

export async function readWebhook(store: StateStore, partnerId: string): Promise<WebhookDoc | undefined> {
    return store.read<WebhookDoc>(CONTAINERS.webhooks, partnerId, 'webhook');
}

export async function saveWebhook(store: StateStore, doc: Omit<WebhookDoc, 'id'>): Promise<WebhookDoc> {
    return store.upsert(CONTAINERS.webhooks, doc.partnerId, { ...doc, id: 'webhook' as const });
}

/** The webhook as the API shows it: never its secret. */
export function webhookView(doc: WebhookDoc | undefined, partnerId: string) {
    return doc ? { partnerId, url: doc.url, secretSet: true, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy } : { partnerId, url: null, secretSet: false, updatedAt: null, updatedBy: null };
}

/** Records an attempt; the same attempt recorded again (an activity run twice) keeps the last outcome. */
export async function recordAttempt(store: StateStore, doc: Omit<DeliveryAttemptDoc, 'id'>): Promise<void> {
    await store.upsert(CONTAINERS.webhookDeliveries, doc.partnerId, { ...doc, id: `${doc.deliveryId}:${doc.attempt}` });
}

/** The partner's attempts, newest first, at most `limit`. */
export async function deliveryAttempts(store: StateStore, partnerId: string, limit: number): Promise<Array<Omit<DeliveryAttemptDoc, 'id'>>> {
    const docs = await store.query<DeliveryAttemptDoc>(CONTAINERS.webhookDeliveries, { partitionKey: partnerId, orderBy: { field: 'at', direction: 'desc' }, limit });
    return docs.map(({ pk: _pk, etag: _etag, id: _id, ...rest }) => rest);
}
