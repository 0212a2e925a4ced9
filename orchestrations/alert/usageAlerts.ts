// usageAlerts: started when a customer's usage import or pull finished. One
// step evaluates the customer's alert thresholds against its month to date,
// records what fired (once per customer, month and threshold) and starts a
// delivery run per partner; the next puts the month's overage forecast on the
// fleets holding the customer. Steps of their own so that an import never
// waits for the month's rating, and a host that stops mid-way runs them again.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { AlertEvaluationInput, evaluateUsageAlerts, showForecastOnFleets } from '../../shared/core/steps/alertSteps';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { call } from '../call';

export function* usageAlerts(ctx: OrchestrationContext): Generator<df.Task, { fired: number; deliveries: string[] }, unknown> {
    const { customerTenantId } = AlertEvaluationInput.parse(ctx.df.getInput());
    const evaluated = yield* call(ctx, evaluateUsageAlerts, { customerTenantId, evaluationId: ctx.df.instanceId });
    yield* call(ctx, showForecastOnFleets, { customerTenantId });
    return evaluated;
}

df.app.orchestration(ORCHESTRATIONS.alertEvaluation, usageAlerts);
