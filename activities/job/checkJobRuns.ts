// Reads the runs of a job's running items, records those that ended with
// their outcome, and answers them. A run whose orchestration ended without
// recording it (an operator's terminate) is recorded as ended on the way,
// which needs the durable client.
import * as df from 'durable-functions';
import { checkJobRuns } from '../../shared/core/steps/jobSteps';
import { endedRuns } from '../../shared/features/jobs/jobRuns';
import { implement } from '../implement';

export const checkJobRunsActivity = implement(checkJobRuns, async ({ jobId, runs }, deps, ctx) => {
    return { ended: await endedRuns(deps, () => df.getClient(ctx), jobId, runs, (line) => ctx.warn(line)) };
}, { extraInputs: [df.input.durableClient()] });
