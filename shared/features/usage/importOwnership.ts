// Which calls a partner may import for a customer: those that started while
// its own overage setting was in force (docs/domain.md "Usage has an owner"),
// by the setting history the accrual rates with. A row outside its periods
// is a bad row, with the reason and the partner's own periods.
import type { SettingInForce } from '../../core/rating/ratingModel';
import { CurrentSetting, settingsInForce } from '../accrual/settingsInForce';
import { notOwned, ownPeriods, partnerSource, settingAt, sortedSettings } from '../../core/rating/usageOwner';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';
import type { StateStore } from '../../adapters/state/stateStore';

export class UsageOwnership {
    private readonly settings: SettingInForce[];
    private readonly periods: string;

    constructor(settings: readonly SettingInForce[], readonly partnerId: string) {
        this.settings = sortedSettings(settings);
        this.periods = describe(ownPeriods(this.settings, partnerId));
    }

    /** Why the partner may not import a call that started at `start`; undefined when it may. */
    refusal(start: number): string | undefined {
        const why = notOwned(partnerSource(this.partnerId), settingAt(this.settings, start));
        if (why === undefined) return undefined;
        const then = why === 'no-setting' ? 'no overage setting was in force' : 'another partner\'s overage setting was in force';
        return `the call started while ${then}: a partner imports only calls made while its own setting was in force (yours: ${this.periods})`;
    }
}

/** The ownership of `partnerId`'s rows for the customer; Partner Center is read only when the app recorded no setting. */
export async function partnerOwnership(store: StateStore, partnerCenter: Pick<PartnerCenterClient, 'overage'>, customerTenantId: string, partnerId: string): Promise<UsageOwnership> {
    const current = async (): Promise<CurrentSetting | null> => (await partnerCenter.overage(customerTenantId)).items.find((i) => i.type === PHONE_SERVICES) ?? null;
    return new UsageOwnership(await settingsInForce(store, customerTenantId, current, []), partnerId);
}

function describe(periods: Array<{ from: number; to: number }>): string {
    if (!periods.length) return 'none';
    return periods.map(({ from, to }) => {
        if (from === -Infinity) return to === Infinity ? 'since before the app\'s records' : `until ${iso(to)}`;
        return to === Infinity ? `from ${iso(from)}` : `from ${iso(from)} until ${iso(to)}`;
    }).join(', ');
}

const iso = (ms: number): string => new Date(ms).toISOString();
