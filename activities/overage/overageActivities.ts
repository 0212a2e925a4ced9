// The activities of the overage steps (shared/core/steps/overageSteps.ts):
// enabling, disabling, and the Partner Center and Azure side of a handover's
// switch. Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { assessEligibilityActivity } from './assessEligibility';
import { assessOwnershipActivity } from './assessOwnership';
import { createSubscriptionActivity } from './createSubscription';
import { finishRunActivity } from './finishRun';
import { notifyAutoRechargeActivity } from './notifyAutoRecharge';
import { readAzureActivity } from './readAzure';
import { readCreditsActivity } from './readCredits';
import { readOverageActivity } from './readOverage';
import { readSubscriptionActivity } from './readSubscription';
import { recordAuditActivity } from './recordAudit';
import { recordOverageActivity } from './recordOverage';
import { requestOverageActivity } from './requestOverage';
import { runPreflightActivity } from './checkPreflight';
import { startPlanTransitionActivity } from './startPlanTransition';
import { verifyCallerActivity } from './verifyCaller';

export const overageActivities = [
    verifyCallerActivity, assessEligibilityActivity, assessOwnershipActivity, readAzureActivity, runPreflightActivity, startPlanTransitionActivity,
    createSubscriptionActivity, readSubscriptionActivity, readCreditsActivity, notifyAutoRechargeActivity, requestOverageActivity, readOverageActivity,
    recordAuditActivity, recordOverageActivity, finishRunActivity,
] as const;

export function registerOverageActivities(deps: Dependencies): void {
    registerActivities(overageActivities, deps);
}
