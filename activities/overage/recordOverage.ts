// Step 9b: the final setting, recorded with its ETag (see recordSetting); then
// the customer's read-model document, if there is one, is brought up to date
// (shared/features/readModel/afterRun.ts). That refresh is best effort: the record is
// what the run owes, and the sync corrects a document it failed to update.
import { recordSetting } from '../../shared/features/overage/settingStore';
import { refreshAfterRun } from '../../shared/features/readModel/afterRun';
import { recordOverage } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const recordOverageActivity = implement(recordOverage, async (record, deps, ctx) => {
    const recorded = await recordSetting(deps.stateStore, record);
    // the setting in force: a run whose record lost to a later one must not patch the document with its own
    await refreshAfterRun(deps, recorded.current, (m) => ctx.warn(m)).catch((err: unknown) => ctx.warn(`read model: not updated after run ${record.runId}: ${err instanceof Error ? err.message : String(err)}`));
    return recorded;
});
