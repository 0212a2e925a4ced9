// Evaluates a customer's alert thresholds after an import and starts a
// delivery for each partner it fired alerts for. Run again (a crash between
// the two), it finds the alerts it recorded and starts what did not start.
import * as df from 'durable-functions';
import { evaluateUsageAlerts } from '../../shared/core/steps/alertSteps';
import { startAlertDeliveries } from '../../shared/features/alerts/alertRuns';
import { evaluateAlerts } from '../../shared/features/alerts/evaluateAlerts';
import { monthToDateOf } from '../../shared/features/alerts/monthToDateSource';
import { implement } from '../implement';

export const evaluateUsageAlertsActivity = implement(evaluateUsageAlerts, async ({ customerTenantId, evaluationId }, deps, ctx) => {
    const fired = await evaluateAlerts({ stateStore: deps.stateStore, clock: deps.clock, monthToDate: monthToDateOf(deps) }, customerTenantId, evaluationId);
    const deliveries = await startAlertDeliveries(df.getClient(ctx), deps.env, evaluationId, fired);
    return { fired: [...fired.values()].reduce((n, a) => n + a.length, 0), deliveries };
}, { extraInputs: [df.input.durableClient()] });
