// Rule 2 with what Partner Center knows: the caller's partner account and,
// when a reseller is named, whether it really is one of this indirect
// provider's resellers. The 'manage' part of authorise().
import type { Caller } from '../../core/domain/partner';
import { canManageOverage, type ManagePermission } from '../../core/domain/rules/roles';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { partnerFacts } from '../../adapters/partnerCenter/toDomain';

export interface ManageDecision {
    profile: PcPartnerProfile;
    permission: ManagePermission;
}

/**
 * `caller.roles`: as Partner Center holds them (authorise.ts reads them); `known`: the profile, when already read;
 * `provider`: a reseller's indirect provider, when its name is known, so a refusal names it.
 */
/** What the rule reads at Partner Center: a run reads it live, an answer on the hot path through kept reads. */
export type ManageReads = Pick<PartnerCenterClient, 'partnerProfile' | 'indirectResellers'>;

export async function managePermission(pc: ManageReads, caller: Caller, resellerPartnerId?: string, known?: PcPartnerProfile, provider?: { id: string; name: string } | null): Promise<ManageDecision> {
    const profile = known ?? (await pc.partnerProfile());
    const partner = partnerFacts(profile);
    const named = resellerPartnerId && resellerPartnerId !== profile.partnerId ? resellerPartnerId : undefined;
    // only a provider has resellers to look up; anyone else naming one is refused by the rule
    const reseller = named && profile.partnerType === 'indirectProvider' ? (await pc.indirectResellers()).find((r) => r.mpnId === named) : undefined;
    const onBehalfOf = !named ? null : reseller
        ? { id: named, name: reseller.name, kind: 'indirectReseller' as const, providerId: profile.partnerId }
        : { id: named, name: `Partner ${named}`, kind: 'direct' as const, providerId: null };
    return { profile, permission: canManageOverage(caller, partner, { onBehalfOf, provider }) };
}
