// The activities of a bulk enablement job's steps (shared/core/steps/jobSteps.ts).
// Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { checkJobRunsActivity } from './checkJobRuns';
import { nextJobCustomersActivity } from './nextJobCustomers';
import { recordJobProgressActivity } from './recordJobProgress';
import { startJobCustomerActivity } from './startJobCustomer';

export const jobActivities = [nextJobCustomersActivity, startJobCustomerActivity, checkJobRunsActivity, recordJobProgressActivity] as const;

export function registerJobActivities(deps: Dependencies): void {
    registerActivities(jobActivities, deps);
}
