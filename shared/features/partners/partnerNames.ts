// Partners by name: the company name of each partner's legal business profile
// at Partner Center (GET /v1/profiles/legalbusiness), read as the caller for
// its own partner and as the served agent for the others this deployment
// acts for. A partner's name does not change from one request to the next,
// so a name is kept for an hour per process (a partner the deployment does
// not serve has no name to read: its id stands).
import type { Caller } from '../../core/domain/partner';
import type { Dependencies } from '../../adapters/dependencies';
import type { PcPartnerProfile, PcPartnerRelationship } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { servedAgent, servedAgents } from '../../adapters/partnerCenter/servedPartners';
import { KeptReads } from './keptReads';

export const NAME_TTL_MS = 60 * 60_000;
/** A partner's kind changes rarely (a reseller becoming direct): minutes, not an hour. */
export const PROFILE_TTL_MS = 5 * 60_000;

type NameDeps = Pick<Dependencies, 'microsoft' | 'env' | 'clock'>;

/** Kept per process, as the agents' roles are (access/agentRoles.ts). */
const names = new KeptReads<string | null>(NAME_TTL_MS);
const profiles = new KeptReads<PcPartnerProfile>(PROFILE_TTL_MS);
const resellers = new KeptReads<PcPartnerRelationship[]>(PROFILE_TTL_MS);

/** The partner's name, or null when this deployment cannot read it (a partner it does not serve); `caller` null: an operator. */
export function partnerName(deps: NameDeps, caller: Caller | null, partnerId: string): Promise<string | null> {
    const agent = partnerId === caller?.partnerId ? caller : servedAgent(partnerId, deps.env);
    if (!agent) return Promise.resolve(null);
    return names.get(partnerId, deps.clock.now(), () => deps.microsoft(agent, 'request').partnerCenter.legalBusinessProfile().then((p) => p.companyName));
}

/** The caller's partner account (its kind decides rule 2), kept a few minutes per partner. */
export function partnerProfile(deps: NameDeps, caller: Caller): Promise<PcPartnerProfile> {
    return profiles.get(caller.partnerId, deps.clock.now(), () => deps.microsoft(caller, 'request').partnerCenter.partnerProfile());
}

/** An indirect provider's resellers, kept as its profile is: GET .../overage names the one it acts for without a call each time. */
export function providerResellers(deps: NameDeps, caller: Caller): Promise<PcPartnerRelationship[]> {
    return resellers.get(caller.partnerId, deps.clock.now(), () => deps.microsoft(caller, 'request').partnerCenter.indirectResellers());
}

/** Names for several partners at once, each read at most once; a name that cannot be read is null. */
export async function partnerNames(deps: NameDeps, caller: Caller | null, partnerIds: Iterable<string>): Promise<Map<string, string | null>> {
    const ids = [...new Set(partnerIds)];
    const read = await Promise.all(ids.map((id) => partnerName(deps, caller, id).catch(() => null)));
    return new Map(ids.map((id, i) => [id, read[i]]));
}

/** The partners this deployment serves, the caller's own first. */
export function servedPartnerIds(deps: Pick<Dependencies, 'env'>, caller: Caller): string[] {
    return [...new Set([caller.partnerId, ...servedAgents(deps.env).map((a) => a.partnerId)])];
}

/** A partner's name for words, its id when the name is unknown. */
export const displayName = (names: Map<string, string | null>, partnerId: string) => names.get(partnerId) ?? `Partner ${partnerId}`;
