// What GET .../overage adds to the setting for the person reading it: the
// actions the caller may take now (callerActions: the rules the runs apply),
// and names beside ids (the owner partner's, its Azure subscription's), each
// read through a per-process cache so the read-model path stays cheap.
import type { Caller } from '../../core/domain/partner';
import type { OverageActions } from '../../core/domain/rules/actions';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { displayName, partnerNames, partnerProfile, providerResellers } from '../partners/partnerNames';
import { callerActions, type OverageRecord, type ResellerNamed } from './callerActions';
import { azureSubscriptionName } from '../overage/subscriptionNames';

type NamedDeps = Pick<Dependencies, 'microsoft' | 'env' | 'clock' | 'stateStore'>;

/** What the caller may do now (one rule with the runs'), and the names of the owner and of its Azure subscription. */
export async function namedActions(deps: NamedDeps, ms: MicrosoftClients, caller: Caller, customerTenantId: string, record: OverageRecord | null): Promise<NamedActions> {
    const profile = await partnerProfile(deps, caller);
    // an indirect reseller's provider by name: the refusal it gets sends it there
    const providerId = profile.partnerType === 'indirectReseller' ? profile.indirectProviderId : null;
    const names = await partnerNames(deps, caller, [caller.partnerId, ...(record ? [record.partnerId] : []), ...(providerId ? [providerId] : [])]);
    const providerName = providerId ? names.get(providerId) : null;
    const { actions, reseller } = await callerActions({
        // the rule's reads kept a few minutes per partner, as the profile is: the read-model path calls nothing
        pc: { partnerProfile: () => partnerProfile(deps, caller), indirectResellers: () => providerResellers(deps, caller) }, store: deps.stateStore, caller, customerTenantId, service: PHONE_SERVICES, record, profile,
        provider: providerId && providerName ? { id: providerId, name: providerName } : null, nameOf: (id) => displayName(names, id),
    });
    const subscription = await subscriptionName(deps, ms, caller, profile, customerTenantId, record, reseller?.partnerId);
    return { actions, reseller, ownerPartnerName: record ? names.get(record.partnerId) ?? null : null, azureSubscriptionName: subscription };
}

/**
 * Only the owner's billing shows its subscription (a provider's, for the reseller it acts for); a name that
 * cannot be read leaves the id alone (null), never a failed answer.
 */
function subscriptionName(deps: NamedDeps, ms: MicrosoftClients, caller: Caller, profile: PcPartnerProfile, customerTenantId: string, record: OverageRecord | null, resellerId?: string): Promise<string | null> {
    if (!record?.azureEntitlementId || (record.partnerId !== caller.partnerId && record.partnerId !== resellerId)) return Promise.resolve(null);
    return azureSubscriptionName(ms, deps.clock, caller, profile, customerTenantId, record.azureEntitlementId).catch(() => null);
}

export interface NamedActions { actions: OverageActions; reseller: ResellerNamed | null; ownerPartnerName: string | null; azureSubscriptionName: string | null }
