// alertDelivery: one partner's alerts of one evaluation. The mails go first
// (each once); then the partner's webhook is POSTed, and a 5xx, a timeout or
// a network error is tried again after a durable timer, the wait doubling,
// until an attempt would start past the retry budget. A 4xx is the receiver's
// refusal and is not tried again. Durable timers keep the schedule across a
// host restart; the time is the orchestration's own (replay-safe).
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { nextAttemptAt } from '../../shared/core/alerts/webhookRetry';
import { AlertDeliveryInput, AlertDeliveryOutcome, mailAlerts, postAlertWebhook } from '../../shared/core/steps/alertSteps';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { call } from '../call';

export function* alertDelivery(ctx: OrchestrationContext): Generator<df.Task, AlertDeliveryOutcome, unknown> {
    const input = AlertDeliveryInput.parse(ctx.df.getInput());
    const { partnerId, customerTenantId, alertIds, deliveryId } = input;
    const { sent } = yield* call(ctx, mailAlerts, { partnerId, customerTenantId, alertIds });
    const first = ctx.df.currentUtcDateTime.getTime();
    for (let attempt = 1; ; attempt++) {
        const retryAt = nextAttemptAt(input.retry, first, attempt, ctx.df.currentUtcDateTime.getTime());
        const result = yield* call(ctx, postAlertWebhook, { partnerId, customerTenantId, alertIds, deliveryId, attempt, retryAt: retryAt === null ? null : new Date(retryAt).toISOString() });
        if (result.outcome !== 'failed' || retryAt === null) return { mailed: sent, webhook: result.outcome, attempts: result.outcome === 'no-webhook' ? 0 : attempt };
        ctx.df.setCustomStatus({ attempt, nextAttemptAt: new Date(retryAt).toISOString() });
        yield ctx.df.createTimer(new Date(retryAt));
    }
}

df.app.orchestration(ORCHESTRATIONS.alertDelivery, alertDelivery);
