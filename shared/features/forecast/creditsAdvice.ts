// GET /api/customers/{id}/credits/advice, the reading part: the customer's
// credits now (the credits service), its last three rated months (stored
// accruals, up to a year back) and their spend per day (dailySpend.ts); the
// advice itself is the pure rule of shared/core/forecast/creditsAdvice.ts.
import { z } from 'zod';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { CommunicationsCredits } from '../../core/domain/customer';
import { adviseCredits, CreditsAdvice, type CreditsNow, paysWithCredits } from '../../core/forecast/creditsAdvice';
import { toMicro } from '../../core/rating/money';
import { monthOf } from '../../core/rating/month';
import { ratingRules } from '../../core/rating/ratingRules';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import { readAccrual, type StoredAccrual } from '../accrual/accrualStore';
import { readRateCards } from '../accrual/rateCards';
import { settingsInForce } from '../accrual/settingsInForce';
import { dailySpend, type MonthSpend } from './dailySpend';

/** How far back a rated month is looked for. */
export const MONTHS_SEARCHED = 12;

export const CreditsAdviceAnswer = CreditsAdvice.extend({
    customerTenantId: z.string(),
    /** When the advice was made (the app's clock). */
    asOf: z.string(),
});
export type CreditsAdviceAnswer = z.infer<typeof CreditsAdviceAnswer>;

export async function creditsAdvice(deps: Pick<Dependencies, 'stateStore' | 'env'>, ms: Pick<MicrosoftClients, 'credits' | 'partnerCenter'>, customerTenantId: string, at: number): Promise<CreditsAdviceAnswer> {
    const credits = creditsNow((await ms.credits.credits(customerTenantId)).credits);
    const months = monthsBefore(at, MONTHS_SEARCHED);
    const searched = { from: months[0], to: months[months.length - 1] };
    const answer = (a: CreditsAdvice) => ({ customerTenantId, asOf: new Date(at).toISOString(), ...a });
    if (!paysWithCredits(credits)) return answer(adviseCredits({ credits, months: [], searched }));

    const store = deps.stateStore;
    const rated = (await Promise.all(months.map((m) => readAccrual(store, customerTenantId, m)))).filter((a): a is StoredAccrual => a !== undefined).slice(-3);
    const spends: MonthSpend[] = [];
    if (rated.length) {
        const shared = {
            rateCards: await readRateCards(store),
            rules: ratingRules(deps.env),
            // warnings about who held overage are the accrual's business, not the advice's
            settings: await settingsInForce(store, customerTenantId, async () => (await ms.partnerCenter.overage(customerTenantId)).items.find((i) => i.type === PHONE_SERVICES) ?? null, []),
        };
        // one month's calls in memory at a time
        for (const accrual of rated) spends.push(await dailySpend(store, accrual, credits.currency, shared));
    }
    const incomplete = rated.filter((a) => a.status === 'incomplete').map((a) => `${a.month} was rated incomplete (a rate or the tenant's licences were missing): its spend may be understated until it is rated again.`);
    return answer(adviseCredits({ credits, months: spends.map((s) => s.spend), searched, notes: [...incomplete, ...notesOf(spends, credits.currency)] }));
}

function creditsNow(c: CommunicationsCredits | null): CreditsNow | null {
    if (!c) return null;
    const r = c.autoRecharge;
    return {
        balanceMicro: toMicro(c.balance, 'credits balance'), currency: c.currency,
        autoRecharge: r && { enabled: r.enabled, thresholdMicro: toMicro(r.threshold, 'auto-recharge threshold'), amountMicro: toMicro(r.amount, 'auto-recharge amount') },
    };
}

/** The `count` months before the one `at` falls in, oldest first. */
function monthsBefore(at: number, count: number): string[] {
    const d = new Date(at);
    return Array.from({ length: count }, (_, i) => monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - count + i, 1)));
}

function notesOf(spends: MonthSpend[], currency: string): string[] {
    const other = spends.reduce((n, s) => n + s.otherCurrencyCalls, 0);
    const unpriced = spends.reduce((n, s) => n + s.unpricedCalls, 0);
    return [
        ...(other ? [`${other} call(s) cost something in another currency than ${currency}: credits do not pay them, so they are left out.`] : []),
        ...(unpriced ? [`${unpriced} call(s) had no rate and are left out; add their rates to the rate card and ask again.`] : []),
    ];
}
