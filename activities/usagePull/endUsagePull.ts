// The run is over: its roster goes.
import { deleteRoster } from '../../shared/features/usage/pull/pullRoster';
import { endUsagePull } from '../../shared/core/steps/usagePullSteps';
import { implement } from '../implement';

export const endUsagePullActivity = implement(endUsagePull, async ({ runId }, { stateStore }) => ({ removed: await deleteRoster(stateStore, runId) }));
