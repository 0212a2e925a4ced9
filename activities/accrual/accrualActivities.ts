// The activities of the monthly accrual's steps (shared/core/steps/accrualSteps.ts).
// Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { accrueCustomerActivity } from './accrueCustomer';
import { listAccrualCustomersActivity } from './listAccrualCustomers';
import { notifyReconciliationActivity } from './notifyReconciliation';
import { snapshotCreditsActivity } from './snapshotCredits';

export const accrualActivities = [listAccrualCustomersActivity, snapshotCreditsActivity, accrueCustomerActivity, notifyReconciliationActivity] as const;

export function registerAccrualActivities(deps: Dependencies): void {
    registerActivities(accrualActivities, deps);
}
