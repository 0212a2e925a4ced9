// The activities of the alerts' steps (shared/core/steps/alertSteps.ts).
// Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { evaluateUsageAlertsActivity } from './evaluateUsageAlerts';
import { mailAlertsActivity } from './mailAlerts';
import { postAlertWebhookActivity } from './postAlertWebhook';
import { showForecastOnFleetsActivity } from './showForecastOnFleets';

export const alertActivities = [evaluateUsageAlertsActivity, showForecastOnFleetsActivity, mailAlertsActivity, postAlertWebhookActivity] as const;

export function registerAlertActivities(deps: Dependencies): void {
    registerActivities(alertActivities, deps);
}
