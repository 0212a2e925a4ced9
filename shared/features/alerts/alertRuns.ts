// The starts of the alerts' orchestrations: the evaluation after an import
// (from each place an import or pull finishes), and one delivery per partner
// an evaluation fired alerts for. A delivery's instance id is derived from the
// evaluation and the partner, so a step run again starts nothing twice.
import type { DurableClient } from 'durable-functions';
import { ORCHESTRATIONS } from '../../core/steps/orchestrationNames';
import type { AlertDeliveryInput, AlertEvaluationInput } from '../../core/steps/alertSteps';
import type { Clock } from '../../core/clock';
import { durableStatus } from '../overage/runs';
import type { AlertDoc } from './alertStore';
import { webhookRetryPolicy } from './alertConfig';

/**
 * Starts the evaluation of a customer's alerts; a failure is logged, never
 * thrown: the import it follows is committed and must answer as such.
 * `client` is asked for only here, so a caller without the binding (a unit
 * test of the import) loses the alerts, not its import.
 */
export async function startAlertEvaluation(client: () => DurableClient, clock: Clock, customerTenantId: string, log: (line: string) => void): Promise<string | undefined> {
    const input: AlertEvaluationInput = { customerTenantId, requestedAt: new Date(clock.now()).toISOString() };
    try {
        return await client().startNew(ORCHESTRATIONS.alertEvaluation, { input });
    } catch (err) {
        log(`alerts of ${customerTenantId} not evaluated: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
    }
}

export const deliveryIdOf = (evaluationId: string, partnerId: string) => `${ORCHESTRATIONS.alertDelivery}-${evaluationId}-${partnerId}`;

/** Starts each partner's delivery unless it started before; the ids of the deliveries. */
export async function startAlertDeliveries(client: DurableClient, env: Record<string, string | undefined>, evaluationId: string, fired: Map<string, AlertDoc[]>): Promise<string[]> {
    const started: string[] = [];
    for (const [partnerId, alerts] of fired) {
        const id = deliveryIdOf(evaluationId, partnerId);
        const input: AlertDeliveryInput = {
            partnerId, customerTenantId: alerts[0].customerTenantId, month: alerts[0].month, alertIds: alerts.map((a) => a.id), deliveryId: id, retry: webhookRetryPolicy(env),
        };
        if (!(await durableStatus(client, id))) {
            try {
                await client.startNew(ORCHESTRATIONS.alertDelivery, { instanceId: id, input });
            } catch (err) {
                if (!(await durableStatus(client, id))) throw err; // not a concurrent attempt that started it first
            }
        }
        started.push(id);
    }
    return started;
}
