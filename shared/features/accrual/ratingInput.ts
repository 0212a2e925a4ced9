// Everything the rating of one customer-month needs besides its calls, read
// from Partner Center (as each served partner sees the customer: a partner
// sees only its own licenses, so the pools are their union), the credits
// service, the app's recorded setting history and its credits snapshots.
import type { Caller } from '../../core/domain/partner';
import { UpstreamNotFoundError } from '../../adapters/http/httpClient';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClientsOf } from '../../adapters/microsoftClients';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import { servedAgents } from '../../adapters/partnerCenter/servedPartners';
import { licenseSubscriptions } from '../../adapters/partnerCenter/toDomain';
import { readCreditsSnapshot } from './creditsSnapshot';
import type { PlanKind, RatingInput } from '../../core/rating/ratingModel';
import { monthBounds } from '../../core/rating/month';
import { ratingRules } from '../../core/rating/ratingRules';
import { settingsInForce } from './settingsInForce';

export interface CustomerMonth {
    input: RatingInput;
    /** The customer's admin, for the credits mails. */
    adminContact: string | null;
}

/** `rateCards`: the cards of the run, read once for all its customers (so their rate index is built once). */
export async function ratingInput(deps: Pick<Dependencies, 'stateStore' | 'microsoft' | 'env'>, customerTenantId: string, month: string, rateCards: RatingInput['rateCards']): Promise<CustomerMonth> {
    const { stateStore: store, microsoft, env } = deps;
    const { end } = monthBounds(month);
    const views = (await Promise.all(servedAgents(env).map((caller) => viewOf(microsoft, caller, customerTenantId)))).filter((v) => v !== undefined);
    if (!views.length) throw new Error(`No partner this deployment serves has customer ${customerTenantId}.`);
    const warnings: string[] = [];

    const pools = new Map<string, { country: string; plan: PlanKind; minutes: number }>();
    const seen = new Set<string>();
    for (const sub of views.flatMap((v) => v.subscriptions)) {
        if (seen.has(sub.id) || !sub.plan || Date.parse(sub.purchasedAt) >= end) continue;
        seen.add(sub.id);
        const key = `${sub.plan.country}/${sub.plan.kind}`;
        const pool = pools.get(key) ?? { country: sub.plan.country, plan: sub.plan.kind, minutes: 0 };
        pool.minutes += sub.quantity * sub.plan.minutesPerLicense;
        pools.set(key, pool);
    }

    const settings = await settingsInForce(store, customerTenantId, async () => views[0].current, warnings);
    const snapshot = await readCreditsSnapshot(store, customerTenantId, month);
    let credits = snapshot?.credits ?? null;
    if (!snapshot) {
        credits = (await microsoft(views[0].caller).credits.credits(customerTenantId)).credits;
        if (credits) warnings.push(`No Communications Credits balance was recorded at the start of ${month}; the current balance (${credits.balance} ${credits.currency}) was used as the opening balance.`);
    }
    return {
        adminContact: views[0].adminContact,
        input: {
            customerTenantId, customerName: views[0].name, month, pools: [...pools.values()],
            rateCards,
            credits: credits && {
                opening: String(credits.balance), currency: credits.currency,
                autoRecharge: credits.autoRecharge?.enabled ? { threshold: String(credits.autoRecharge.threshold), amount: String(credits.autoRecharge.amount) } : null,
            },
            settings, rules: ratingRules(env), warnings,
        },
    };
}

/** What one served partner sees of the customer; undefined when it is not that partner's customer. */
async function viewOf(microsoft: MicrosoftClientsOf, caller: Caller, customerTenantId: string) {
    const pc = microsoft(caller).partnerCenter;
    try {
        const [customer, subscriptions, overage] = await Promise.all([pc.customer(customerTenantId), pc.subscriptions(customerTenantId), pc.overage(customerTenantId)]);
        return {
            caller, name: customer.companyProfile.companyName, adminContact: customer.companyProfile.email ?? null,
            subscriptions: licenseSubscriptions(subscriptions), current: overage.items.find((i) => i.type === PHONE_SERVICES) ?? null,
        };
    } catch (err) {
        if (err instanceof UpstreamNotFoundError) return undefined;
        throw err;
    }
}
