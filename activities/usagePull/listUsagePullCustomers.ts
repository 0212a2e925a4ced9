// The run's roster: the customers with overage on or Communications Credits,
// as the read model has them, each with the served partner that reads them.
import { customersToPull, writeRoster } from '../../shared/features/usage/pull/pullRoster';
import { listUsagePullCustomers } from '../../shared/core/steps/usagePullSteps';
import { implement } from '../implement';

export const listUsagePullCustomersActivity = implement(listUsagePullCustomers, async ({ runId }, { stateStore, env }) => {
    const total = await writeRoster(stateStore, runId, await customersToPull(stateStore, env));
    return { total };
});
