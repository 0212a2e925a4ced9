// The activities of the daily usage pull's steps (shared/core/steps/usagePullSteps.ts).
// Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { endUsagePullActivity } from './endUsagePull';
import { listUsagePullCustomersActivity } from './listUsagePullCustomers';
import { nextUsagePullCustomersActivity } from './nextUsagePullCustomers';
import { pullCustomerUsageActivity } from './pullCustomerUsage';

export const usagePullActivities = [listUsagePullCustomersActivity, nextUsagePullCustomersActivity, pullCustomerUsageActivity, endUsagePullActivity] as const;

export function registerUsagePullActivities(deps: Dependencies): void {
    registerActivities(usagePullActivities, deps);
}
