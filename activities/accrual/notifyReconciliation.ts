// Tells each partner with lines in the month that its reconciliation file is
// ready, with the link (once per accrual job and partner).
import { reconciliationReadyMail } from '../../shared/features/accrual/accrualMails';
import { handoverConfig } from '../../shared/features/handover/handoverConfig';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { servedAgent } from '../../shared/adapters/partnerCenter/servedPartners';
import { partnerContact } from '../../shared/adapters/partnerCenter/toDomain';
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import { notifyReconciliation } from '../../shared/core/steps/accrualSteps';
import { implement } from '../implement';

export const notifyReconciliationActivity = implement(notifyReconciliation, async ({ month, partnerIds, runId }, { stateStore: store, mailer, microsoft, clock, env }, ctx) => {
    const sent: string[] = [];
    for (const partnerId of partnerIds) {
        const caller = servedAgent(partnerId, env);
        if (!caller) {
            ctx.warn(`No contact for partner ${partnerId}: this deployment does not serve it; its file is at /api/partners/${partnerId}/reconciliation/${month}.csv`);
            continue;
        }
        const id = `accrual:${runId}:${partnerId}`;
        if (await store.read(CONTAINERS.notifications, partnerId, id)) continue;
        const { name, contact } = partnerContact(await microsoft(caller).partnerCenter.legalBusinessProfile());
        const link = new URL(`/api/partners/${encodeURIComponent(partnerId)}/reconciliation/${month}.csv`, handoverConfig(env).publicUrl).toString();
        await mailer.send(reconciliationReadyMail(contact, name, month, link));
        await store.create(CONTAINERS.notifications, partnerId, { id, to: contact, at: new Date(clock.now()).toISOString() }).catch((err: unknown) => {
            if (!(err instanceof StateConflictError)) throw err;
        });
        sent.push(partnerId);
    }
    return { sent };
});
