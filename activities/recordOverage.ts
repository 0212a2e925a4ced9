// Step 9b: the final setting, written with optimistic concurrency. If another
// run recorded a different partner's enabled setting meanwhile, this run
// loses; a repeat of the same run rewrites its own document.
import { StateConflictError, StatePreconditionFailedError } from '../shared/state';
import { CONTAINERS } from '../shared/overage/containers';
import { getStateStore } from '../shared/runtime';
import { OverageRecord, recordOverage } from '../orchestrations/steps';
import { implement } from './implement';

const ATTEMPTS = 5;

implement(recordOverage, async (record) => {
    const store = getStateStore();
    for (let attempt = 1; ; attempt++) {
        const existing = await store.read<OverageRecord & { id: string }>(CONTAINERS.settings, record.customerTenantId, record.service);
        const current = existing && OverageRecord.parse(existing);
        if (current && current.runId !== record.runId && current.overageEnabled && current.partnerId !== record.partnerId) {
            return { won: false, current };
        }
        try {
            const doc = { id: record.service, ...record };
            if (existing) await store.replace(CONTAINERS.settings, record.customerTenantId, doc, { ifMatch: existing.etag });
            else await store.create(CONTAINERS.settings, record.customerTenantId, doc);
            return { won: true, current: record };
        } catch (err) {
            // someone wrote between our read and write: read again and decide again
            if (attempt < ATTEMPTS && (err instanceof StatePreconditionFailedError || err instanceof StateConflictError)) continue;
            throw err;
        }
    }
});
