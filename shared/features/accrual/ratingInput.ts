// Everything the rating of one customer-month needs besides its calls, read
// from Partner Center (as each served partner sees the customer: a partner
// sees only its own licenses), the customer's tenant (its licences, whoever
// sold them, are the pools: monthPools.ts), the credits service, the app's
// recorded setting history and its credits snapshots.
import type { Caller } from '../../core/domain/partner';
import { UpstreamNotFoundError } from '../../adapters/http/httpClient';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClientsOf } from '../../adapters/microsoftClients';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import { servedAgents } from '../../adapters/partnerCenter/servedPartners';
import { licenseSubscriptions } from '../../adapters/partnerCenter/toDomain';
import { readCreditsSnapshot } from './creditsSnapshot';
import type { RatingInput } from '../../core/rating/ratingModel';
import { monthBounds } from '../../core/rating/month';
import { ratingRules } from '../../core/rating/ratingRules';
import { monthPools } from './monthPools';
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
    const { pools, poolSource, poolLicences } = await monthPools(microsoft, views, customerTenantId, end, warnings);

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
            customerTenantId, customerName: views[0].name, month, pools, poolSource, poolLicences,
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
            caller, name: customer.companyProfile.companyName, adminContact: customer.companyProfile.email ?? null, country: customer.billingProfile.defaultAddress.country.toUpperCase(),
            subscriptions: licenseSubscriptions(subscriptions), current: overage.items.find((i) => i.type === PHONE_SERVICES) ?? null,
        };
    } catch (err) {
        if (err instanceof UpstreamNotFoundError) return undefined;
        throw err;
    }
}
