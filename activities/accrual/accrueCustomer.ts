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
import { isoNow } from '../../shared/core/clock';
import type { MailMessage } from '../../shared/adapters/mail/mailers';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { getMailer, getStateStore } from '../../shared/adapters/runtime';
import { StateConflictError, type StateStore } from '../../shared/adapters/state/stateStores';
import { readMonthCalls } from '../../shared/features/usage/usageStore';
import { faultOf } from '../../shared/core/faults/stepFault';
import { accrueCustomer } from '../../shared/core/steps/accrualSteps';
import { implement } from '../implement';

/** The rate cards of one execution of a run (its `at`), read once per worker: every customer of it rates against one list, and one index. */
let cardsOfRun: { at: string; cards: Promise<RatingInput['rateCards']> } | undefined;

function rateCardsOf(store: StateStore, at: string): Promise<RatingInput['rateCards']> {
    if (cardsOfRun?.at !== at) {
        const cards = readRateCards(store);
        cardsOfRun = { at, cards };
        cards.catch(() => { if (cardsOfRun?.cards === cards) cardsOfRun = undefined; }); // a failed read is not kept
    }
    return cardsOfRun.cards;
}

implement(accrueCustomer, async ({ customerTenantId, month, at, partnerId }, ctx) => {
    const store = getStateStore();
    try {
        const { input, adminContact } = await ratingInput(store, customerTenantId, month, await rateCardsOf(store, at));
        const result = await rateMonth(input, readMonthCalls(store, customerTenantId, month));
        await saveAccrual(store, result, at, partnerId);
        const partnerIds = [...new Set(result.lines.map((l) => l.PartnerId))].sort();
        // the month is rated and saved: a mail that cannot go out now is logged (the next rating tries again), it does not fail the customer
        try {
            if (adminContact && result.creditsExhausted) await mailOnce(customerTenantId, `${month}:credits-exhausted`, creditsExhaustedMail(adminContact, input.customerName, month, result.overageAmount, result.currency));
            if (adminContact && result.recharges > 0) await mailOnce(customerTenantId, `${month}:auto-recharge`, autoRechargeMail(adminContact, input.customerName, month, result.recharges));
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
async function mailOnce(customerTenantId: string, key: string, mail: MailMessage): Promise<void> {
    const store = getStateStore();
    const id = `accrual:${key}`;
    if (await store.read(CONTAINERS.notifications, customerTenantId, id)) return;
    await getMailer().send(mail);
    await store.create(CONTAINERS.notifications, customerTenantId, { id, to: mail.to, at: isoNow() }).catch((err: unknown) => {
        if (!(err instanceof StateConflictError)) throw err;
    });
}
