// Keeps a job's document current with what its orchestration counted, and
// tells the orchestration whether the partner asked to cancel.
import { recordJobProgress } from '../../shared/core/steps/jobSteps';
import { recordProgress } from '../../shared/features/jobs/jobStore';
import { implement } from '../implement';

export const recordJobProgressActivity = implement(recordJobProgress, async ({ jobId, partnerId, counts, skippedFrom, end }, { stateStore }) => {
    return recordProgress(stateStore, partnerId, jobId, { counts, skippedFrom, end });
});
