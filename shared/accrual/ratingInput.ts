// Everything the rating of one customer-month needs besides its calls, read
// from Partner Center (as each served partner sees the customer: a partner
// sees only its own licenses, so the pools are their union), the credits
// service, the app's recorded setting history and its credits snapshots.
import type { Caller } from '../domain/partner';
import { UpstreamNotFoundError } from '../http';
import { microsoftClients } from '../microsoftClients';
import { PHONE_SERVICES } from '../overage/enablement';
import { ADOPTED, settingHistory } from '../overage/recordSetting';
import { servedAgents } from '../partnerCenter/servedPartners';
import { licenseSubscriptions } from '../partnerCenter/toDomain';
import type { StateStore } from '../state';
import { readCreditsSnapshot } from './creditsSnapshot';
import type { PlanKind, RatingInput, SettingInForce } from './model';
import { monthBounds } from './month';
import { ratingRules } from './rules';

export interface CustomerMonth {
    input: RatingInput;
    /** The customer's admin, for the credits mails. */
    adminContact: string | null;
}

/** `rateCards`: the cards of the run, read once for all its customers (so their rate index is built once). */
export async function ratingInput(store: StateStore, customerTenantId: string, month: string, rateCards: RatingInput['rateCards'], env: Record<string, string | undefined> = process.env): Promise<CustomerMonth> {
    const { end } = monthBounds(month);
    const views = (await Promise.all(servedAgents(env).map((agent) => viewOf(agent, customerTenantId)))).filter((v) => v !== undefined);
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

    const settings = await settingsInForce(store, customerTenantId, views[0].current, warnings);
    const snapshot = await readCreditsSnapshot(store, customerTenantId, month);
    let credits = snapshot?.credits ?? null;
    if (!snapshot) {
        credits = (await microsoftClients(views[0].agent).credits.credits(customerTenantId)).credits;
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
async function viewOf(agent: Caller, customerTenantId: string) {
    const pc = microsoftClients(agent).partnerCenter;
    try {
        const [customer, subscriptions, overage] = await Promise.all([pc.customer(customerTenantId), pc.subscriptions(customerTenantId), pc.overage(customerTenantId)]);
        return {
            agent, name: customer.companyProfile.companyName, adminContact: customer.companyProfile.email ?? null,
            subscriptions: licenseSubscriptions(subscriptions), current: overage.items.find((i) => i.type === PHONE_SERVICES) ?? null,
        };
    } catch (err) {
        if (err instanceof UpstreamNotFoundError) return undefined;
        throw err;
    }
}

/**
 * The settings in force, from the app's history (enable, disable and handover
 * each record their time). A setting Partner Center shows that the app never
 * recorded was made outside it: it counts as in force since before the month.
 */
async function settingsInForce(store: StateStore, customerTenantId: string, current: { partnerId: string; azureEntitlementId: string | null; overageEnabled: boolean } | null, warnings: string[]): Promise<SettingInForce[]> {
    const recorded = await settingHistory(store, customerTenantId, PHONE_SERVICES);
    const adopted = recorded.find((r) => r.runId === ADOPTED);
    // warnings are shown to every partner of the customer: they name a partner, never its subscription
    if (adopted) warnings.push(`Partner ${adopted.partnerId}'s setting (${adopted.overageEnabled ? 'overage on' : 'None'}) was made outside the app; it counts as in force until the app's first change.`);
    const history = recorded.map((r) => ({
        from: r.runId === ADOPTED ? -Infinity : Date.parse(r.at), overageEnabled: r.overageEnabled, partnerId: r.partnerId, azureEntitlementId: r.azureEntitlementId,
    }));
    if (!history.length && current) {
        warnings.push(`The app recorded no overage setting for this customer; Partner Center's current one (partner ${current.partnerId}, ${current.overageEnabled ? 'overage on' : 'None'}) was taken as in force since before the month.`);
        return [{ from: -Infinity, overageEnabled: current.overageEnabled, partnerId: current.partnerId, azureEntitlementId: current.azureEntitlementId }];
    }
    return history;
}
