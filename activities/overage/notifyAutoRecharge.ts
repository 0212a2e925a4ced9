// Tells the customer's admin that Communications Credits auto-recharge keeps
// post-paid overage from starting (overage is set anyway, so nothing stops),
// and that only they can turn it off. Sent once per run: a retried activity
// finds its note and does not mail again.
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { notifyAutoRecharge } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const notifyAutoRechargeActivity = implement(notifyAutoRecharge, async ({ runId, to, customer, partnerName, waiting }, { stateStore: store, mailer, clock }) => {
    const id = `${runId}:auto-recharge`;
    if (await store.read(CONTAINERS.notifications, customer.tenantId, id)) return { sent: false };
    const text = [
        `Hello,`,
        ``,
        `${partnerName} is switching on pay-as-you-go overage for Teams calling for ${customer.name}, so that calls beyond your included minutes are billed per minute after the fact.`,
        `Your Communications Credits are set to recharge automatically. While auto-recharge is on, the balance never runs out: calls beyond your included minutes keep being paid from credits, and overage billing never starts.`,
        ``,
        `Only an admin of ${customer.name} can change this: in the Microsoft 365 admin center, open Billing, find Communications Credits and turn off auto-recharge. Any balance left is used up first; nothing is interrupted.`,
        waiting ? `${partnerName} will confirm as soon as auto-recharge is off.` : `Once it is off, overage takes over by itself when the balance reaches zero.`,
    ].join('\n');
    await mailer.send({ to, subject: `Action needed: turn off Communications Credits auto-recharge for ${customer.name}`, text });
    try {
        await store.create(CONTAINERS.notifications, customer.tenantId, { id, runId, to, at: new Date(clock.now()).toISOString() });
    } catch (err) {
        if (!(err instanceof StateConflictError)) throw err;
    }
    return { sent: true };
});
