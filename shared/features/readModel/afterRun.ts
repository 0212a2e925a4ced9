// After a run records a setting, the customer's read-model document (if the
// sync or a refresh made one) is brought up to date: read live as the
// recording partner's served agent, or, when the deployment does not act for
// that partner or the read fails, patched from the record Partner Center just
// confirmed. A run never creates a document: which partners may see it is
// for the sync (or a refresh) to establish.
import type { RecordedSetting } from '../../core/overage/recordedSetting';
import { servedAgent } from '../../adapters/partnerCenter/servedPartners';
import type { Dependencies } from '../../adapters/dependencies';
import { readDoc, saveDoc, toDoc } from './readModel';
import { refreshCustomer } from './refresh';

export async function refreshAfterRun(deps: Pick<Dependencies, 'stateStore' | 'microsoft' | 'env'>, record: RecordedSetting, log: (message: string) => void = () => {}): Promise<void> {
    const store = deps.stateStore;
    const stored = await readDoc(store, record.customerTenantId, record.service);
    if (!stored) return;
    const caller = servedAgent(record.partnerId, deps.env);
    if (caller) {
        try {
            if (await refreshCustomer(deps, record.customerTenantId, record.service, [caller], { source: 'run', keepViewers: true })) return;
        } catch (err) {
            log(`read model: live read of ${record.customerTenantId} after run ${record.runId} failed, patching from the record: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    await saveDoc(store, toDoc({
        ...stored,
        overage: { enabled: record.overageEnabled, partnerId: record.partnerId, azureEntitlementId: record.azureEntitlementId },
        viewers: [...stored.viewers, record.partnerId], asOf: record.at,
    }, 'run'));
}
