// One customer-month: gather what the rating needs, rate the month's calls in
// order (streamed from the store, day by day), keep the result (a partner's
// own run: only its own lines), and tell the customer's admin when credits
// ran out or auto-recharge kept paying.
import { autoRechargeMail, creditsExhaustedMail } from '../../shared/features/accrual/accrualMails';
import { isPartnersLine, saveAccrual } from '../../shared/features/accrual/accrualStore';
import { rateMonth } from '../../shared/core/rating/rateMonth';
import type { RatingInput } from '../../shared/core/rating/ratingModel';
import { readRateCards } from '../../shared/features/accrual/rateCards';
import { ratingInput } from '../../shared/features/accrual/ratingInput';
import type { Dependencies } from '../../shared/adapters/dependencies';
import type { MailMessage } from '../../shared/adapters/mail/mailer';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import type { StateStore } from '../../shared/adapters/state/stateStore';
import { readMonthCalls } from '../../shared/features/usage/usageStore';
import { faultOf } from '../../shared/core/faults/stepFault';
import { accrueCustomer } from '../../shared/core/steps/accrualSteps';
import { implement } from '../implement';

/**
 * The rate cards of one execution of a run (its `at`), read once per worker and store: every customer of it
 * rates against one list, and one index. Keyed by the store handed in, so two apps in one process never share cards.
 */
const cardsOfRun = new WeakMap<StateStore, { at: string; cards: Promise<RatingInput['rateCards']> }>();

function rateCardsOf(store: StateStore, at: string): Promise<RatingInput['rateCards']> {
    const kept = cardsOfRun.get(store);
    if (kept?.at === at) return kept.cards;
    const cards = readRateCards(store);
    cardsOfRun.set(store, { at, cards });
    cards.catch(() => { if (cardsOfRun.get(store)?.cards === cards) cardsOfRun.delete(store); }); // a failed read is not kept
    return cards;
}

export const accrueCustomerActivity = implement(accrueCustomer, async ({ customerTenantId, month, at, partnerId }, deps, ctx) => {
    const store = deps.stateStore;
    try {
        const { input, adminContact } = await ratingInput(deps, customerTenantId, month, await rateCardsOf(store, at));
        const result = await rateMonth(input, readMonthCalls(store, customerTenantId, month));
        await saveAccrual(store, result, at, partnerId);
        if (result.poolSource === 'partnerCenter') ctx.warn(`accrueCustomer ${customerTenantId} ${month}: the tenant's licences could not be read; pools from Partner Center, the month is incomplete`);
        if (result.microsoftCharge?.differing) ctx.warn(`accrueCustomer ${customerTenantId} ${month}: ${result.microsoftCharge.differing} call(s) differ from Microsoft's charge`);
        const partnerIds = [...new Set(result.lines.map((l) => l.PartnerId))].sort();
        // the month is rated and saved: a mail that cannot go out now is logged (the next rating tries again), it does not fail the customer
        try {
            if (adminContact && result.creditsExhausted) await mailOnce(deps, customerTenantId, `${month}:credits-exhausted`, creditsExhaustedMail(adminContact, input.customerName, month, result.overageAmount, result.currency));
            if (adminContact && result.recharges > 0) await mailOnce(deps, customerTenantId, `${month}:auto-recharge`, autoRechargeMail(adminContact, input.customerName, month, result.recharges));
        } catch (err) {
            ctx.warn(`accrueCustomer ${customerTenantId} ${month}: the customer's mail was not sent: ${err instanceof Error ? err.message : String(err)}`);
        }
        const written = partnerId === undefined ? result.lines.length : result.lines.filter((l) => isPartnersLine(l, partnerId)).length;
        return { customerTenantId, status: result.status, partnerIds, lines: written };
    } catch (err) {
        ctx.error(`accrueCustomer ${customerTenantId} ${month}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { customerTenantId, status: 'failed' as const, partnerIds: [], lines: 0, error: faultOf(err).detail };
    }
});

/** A customer is told once per month and reason, however often the month is rated. */
async function mailOnce({ stateStore: store, mailer, clock }: Pick<Dependencies, 'stateStore' | 'mailer' | 'clock'>, customerTenantId: string, key: string, mail: MailMessage): Promise<void> {
    const id = `accrual:${key}`;
    if (await store.read(CONTAINERS.notifications, customerTenantId, id)) return;
    await mailer.send(mail);
    await store.create(CONTAINERS.notifications, customerTenantId, { id, to: mail.to, at: new Date(clock.now()).toISOString() }).catch((err: unknown) => {
        if (!(err instanceof StateConflictError)) throw err;
    });
}
