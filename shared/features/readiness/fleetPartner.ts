// What the fleet's assessments need to know about the partner once per round:
// its profile (sandbox, kind) and, for an indirect provider, its resellers' names.
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import { partnerFacts } from '../../adapters/partnerCenter/toDomain';
import type { FleetPartner } from './assessReadiness';

export async function fleetPartner(ms: MicrosoftClients, partnerId: string): Promise<FleetPartner> {
    const profile = await ms.partnerCenter.partnerProfile();
    const resellers = profile.partnerType === 'indirectProvider' ? await ms.partnerCenter.indirectResellers() : [];
    return {
        partnerId, partner: partnerFacts(profile), indirectReseller: profile.partnerType === 'indirectReseller',
        resellers: new Map(resellers.map((r) => [r.mpnId, r.name])),
    };
}
