// The next customers of the run's roster.
import { readRoster } from '../../shared/features/usage/pull/pullRoster';
import { nextUsagePullCustomers } from '../../shared/core/steps/usagePullSteps';
import { implement } from '../implement';

export const nextUsagePullCustomersActivity = implement(nextUsagePullCustomers, async ({ runId, offset, limit }, { stateStore }) => ({
    customers: await readRoster(stateStore, runId, offset, limit),
}));
