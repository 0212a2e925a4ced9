// The alerts' durable steps (contracts only; activities/alerts/ implements
// them). usageAlerts evaluates a customer's thresholds after an import, and
// puts the month's forecast on the fleets that hold the customer;
// each partner whose thresholds fired gets an alertDelivery run: its mails,
// then its webhook, tried again with backoff within a budget.
import { z } from 'zod';
import { PartnerId } from '../domain/primitives';
import { step } from './step';

const Count = z.number().int().min(0);
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const AlertEvaluationInput = z.object({ customerTenantId: z.guid(), requestedAt: z.iso.datetime() });
export type AlertEvaluationInput = z.infer<typeof AlertEvaluationInput>;

/** Records the alerts the customer's month to date crosses (each once) and starts a delivery run for each partner they fired for. */
export const evaluateUsageAlerts = step('evaluateUsageAlerts',
    z.object({ customerTenantId: z.guid(), evaluationId: z.string().min(1) }),
    z.object({ fired: Count, deliveries: z.array(z.string()) }));

/** Writes the month's overage forecast onto the customer's row in every fleet that holds it (each partner's own); how many rows. */
export const showForecastOnFleets = step('showForecastOnFleets',
    z.object({ customerTenantId: z.guid() }),
    z.object({ rows: Count }));

export const RetryBudget = z.object({ budgetMs: z.number().int().min(0), firstMs: z.number().int().min(1), maxMs: z.number().int().min(1) });

export const AlertDeliveryInput = z.object({
    partnerId: PartnerId,
    customerTenantId: z.guid(),
    month: Month,
    /** The alerts' ids (partition: the partner), in the order they fired. */
    alertIds: z.array(z.string().min(1)).min(1),
    /** The webhook's `X-Delivery-Id`: the same on every attempt. */
    deliveryId: z.string().min(1),
    /** WEBHOOK_RETRY_* when the delivery was started (kept with it, so a changed setting does not change a run in flight). */
    retry: RetryBudget,
});
export type AlertDeliveryInput = z.infer<typeof AlertDeliveryInput>;

/** Mails the partner's contact (and the customer's admin when asked) about the alerts, each mail once. */
export const mailAlerts = step('mailAlerts',
    AlertDeliveryInput.pick({ partnerId: true, customerTenantId: true, alertIds: true }),
    z.object({ sent: z.array(z.string()), failed: z.array(z.string()) }));

export const WebhookAttempt = z.object({
    outcome: z.enum(['delivered', 'refused', 'failed', 'no-webhook']),
    /** The receiver's HTTP status; null on a timeout or network error (or no webhook). */
    status: z.number().int().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** POSTs the alerts to the partner's webhook once, signed, and records the attempt (with when the next one is due, if it fails). */
export const postAlertWebhook = step('postAlertWebhook',
    AlertDeliveryInput.pick({ partnerId: true, customerTenantId: true, alertIds: true, deliveryId: true }).extend({
        attempt: z.number().int().min(1),
        /** When the next attempt starts if this one fails (5xx, timeout, network); null: this is the last one the budget allows. */
        retryAt: z.iso.datetime().nullable(),
    }),
    WebhookAttempt);

export const AlertDeliveryOutcome = z.object({ mailed: z.array(z.string()), webhook: WebhookAttempt.shape.outcome, attempts: Count });
export type AlertDeliveryOutcome = z.infer<typeof AlertDeliveryOutcome>;
