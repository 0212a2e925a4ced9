// One attempt at a partner's webhook; the orchestration decides whether and
// when another follows (alertDelivery.ts).
import { postAlertWebhook } from '../../shared/core/steps/alertSteps';
import { attemptWebhook } from '../../shared/features/alerts/webhookDelivery';
import { implement } from '../implement';

export const postAlertWebhookActivity = implement(postAlertWebhook, async (input, deps) => attemptWebhook(deps, input));
