// Who owns a customer's overage for a service now, as the app tells it (rule
// 4): Partner Center's record and the partner's purchases, with a None the app
// recorded for its holder counting as given up. The first look also keeps
// Partner Center's setting as the adopted start of the setting history.
import type { OverageItem } from '../../core/domain/partnerCenter';
import { isGivenUp, ownerOnRecord, type OverageOwner } from '../../core/domain/rules/ownership';
import type { ServiceType } from '../../core/domain/subscription';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';
import { licenseSubscriptions } from '../../adapters/partnerCenter/toDomain';
import type { StateStore } from '../../adapters/state/stateStore';
import { adoptSetting, recordedSetting } from './settingStore';

export async function currentOwner(pc: PartnerCenterClient, store: StateStore, customerTenantId: string, service: ServiceType): Promise<{ current: OverageItem | null; owner: OverageOwner | null }> {
    const [overage, subscriptions, recorded] = await Promise.all([
        pc.overage(customerTenantId), pc.subscriptions(customerTenantId), recordedSetting(store, customerTenantId, service),
    ]);
    const current = overage.items.find((i) => i.type === service) ?? null;
    await adoptSetting(store, customerTenantId, service, current);
    const owner = ownerOnRecord(current ?? undefined, licenseSubscriptions(subscriptions), service, isGivenUp(current ?? undefined, recorded?.partnerId));
    return { current, owner };
}
