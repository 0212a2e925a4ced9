// Who held overage when: the settings in force for a customer's phone
// services, as the accrual rates by them and as the usage import checks a
// partner's rows against them (usageOwner.ts).
import { PHONE_SERVICES } from '../../core/overage/enablement';
import { ADOPTED, settingHistory } from '../overage/settingStore';
import type { StateStore } from '../../adapters/state/stateStore';
import type { SettingInForce } from '../../core/rating/ratingModel';

/** Partner Center's overage record of the customer's phone services, as any of its partners reads it. */
export interface CurrentSetting {
    partnerId: string;
    azureEntitlementId: string | null;
    overageEnabled: boolean;
}

/**
 * The settings in force, from the app's history (enable, disable and handover
 * each record their time). A setting Partner Center shows that the app never
 * recorded was made outside it: it counts as in force since before the month.
 * `current` is asked only when the app recorded nothing.
 */
export async function settingsInForce(store: StateStore, customerTenantId: string, current: () => Promise<CurrentSetting | null>, warnings: string[]): Promise<SettingInForce[]> {
    const recorded = await settingHistory(store, customerTenantId, PHONE_SERVICES);
    const adopted = recorded.find((r) => r.runId === ADOPTED);
    // warnings are shown to every partner of the customer: they name a partner, never its subscription
    if (adopted) warnings.push(`Partner ${adopted.partnerId}'s setting (${adopted.overageEnabled ? 'overage on' : 'None'}) was made outside the app; it counts as in force until the app's first change.`);
    const history = recorded.map((r) => ({
        from: r.runId === ADOPTED ? -Infinity : Date.parse(r.at), overageEnabled: r.overageEnabled, partnerId: r.partnerId, azureEntitlementId: r.azureEntitlementId,
    }));
    if (history.length) return history;
    const now = await current();
    if (!now) return [];
    warnings.push(`The app recorded no overage setting for this customer; Partner Center's current one (partner ${now.partnerId}, ${now.overageEnabled ? 'overage on' : 'None'}) was taken as in force since before the month.`);
    return [{ from: -Infinity, overageEnabled: now.overageEnabled, partnerId: now.partnerId, azureEntitlementId: now.azureEntitlementId }];
}
