// Alerts fired (container usage-alerts, partition = partner): one document per
// customer, month and threshold, created once. The create is the "fires once":
// a second evaluation of the same month (a re-pull, another import) finds it
// and fires nothing, and an evaluation run again after a crash finds its own.
import type { AlertFigures, Crossing, ThresholdKind } from '../../core/alerts/alertThresholds';
import { CONTAINERS } from '../../adapters/state/containers';
import { StateConflictError } from '../../adapters/state/stateErrors';
import type { StateStore } from '../../adapters/state/stateStore';

export interface AlertDoc {
    id: string;
    partnerId: string;
    customerTenantId: string;
    month: string;
    threshold: ThresholdKind;
    firedAt: string;
    figures: AlertFigures;
    /** Whether the customer's admin is mailed too (the thresholds' setting when it fired). */
    mailCustomerAdmin: boolean;
    /** The evaluation that fired it (the usageAlerts instance). */
    evaluationId: string;
}

export const alertId = (customerTenantId: string, month: string, threshold: ThresholdKind) => `${customerTenantId}:${month}:${threshold}`;

/** Records the crossing unless this customer, month and threshold fired before; the document stored either way. */
export async function recordAlert(store: StateStore, a: Omit<AlertDoc, 'id' | 'threshold' | 'figures'> & { crossing: Crossing }): Promise<AlertDoc> {
    const { crossing, ...rest } = a;
    const doc: AlertDoc = { ...rest, id: alertId(a.customerTenantId, a.month, crossing.threshold), threshold: crossing.threshold, figures: crossing.figures };
    try {
        return strip(await store.create(CONTAINERS.alerts, a.partnerId, doc));
    } catch (err) {
        if (!(err instanceof StateConflictError)) throw err;
        return strip((await store.read<AlertDoc>(CONTAINERS.alerts, a.partnerId, doc.id))!);
    }
}

export async function readAlerts(store: StateStore, partnerId: string, ids: readonly string[]): Promise<AlertDoc[]> {
    const docs = await Promise.all(ids.map((id) => store.read<AlertDoc>(CONTAINERS.alerts, partnerId, id)));
    return docs.filter((d): d is NonNullable<typeof d> => d !== undefined).map(strip);
}

/** The partner's alerts of a month, oldest first. */
export async function alertsOfMonth(store: StateStore, partnerId: string, month: string): Promise<AlertDoc[]> {
    const docs = await store.query<AlertDoc>(CONTAINERS.alerts, { partitionKey: partnerId, where: { month } });
    return docs.map(strip).sort((x, y) => x.firedAt.localeCompare(y.firedAt) || x.id.localeCompare(y.id));
}

function strip<T extends object>(doc: T): Omit<T, 'pk' | 'etag'> {
    const { pk: _pk, etag: _etag, ...rest } = doc as T & { pk?: string; etag?: string };
    return rest;
}
