// Who may change a customer's overage, and for which partner. Only the
// transacting partner's admin agents may. An indirect reseller transacts
// nothing, so it is sent to its provider; a provider may act for one of its
// own resellers by naming it (`partnerId` in the update), and nobody else may
// name another partner at all.
import type { AgentRole, Partner, World } from '../world';
import { refuseOverageChange } from './agentRoles';
import { providerOf, resellersOf } from './partnerAccounts';
import { Refusal, refusal } from './refusal';

export interface Caller {
    partner: Partner;
    roles: readonly AgentRole[];
}

/** The partner the change is made for (the caller's own, or the reseller it named), or why not. */
export function overageActingFor(world: World, caller: Caller, namedPartnerId?: string): { actingFor: Partner } | Refusal {
    const { partner } = caller;
    if (partner.kind === 'indirectReseller') {
        const provider = providerOf(world, partner);
        const who = provider ? `${provider.name} (${provider.id})` : `partner ${partner.providerId}`;
        return refusal(403, 'indirect-reseller', `${partner.name} (${partner.id}) is an indirect reseller; overage for its customers is managed by the admin agents of its indirect provider ${who}.`);
    }
    const roles = refuseOverageChange(caller.roles);
    if (roles) return roles;
    if (namedPartnerId === undefined || namedPartnerId === partner.id) return { actingFor: partner };
    const reseller = resellersOf(world, partner).find((r) => r.id === namedPartnerId);
    if (reseller) return { actingFor: reseller };
    const why = partner.kind === 'direct'
        ? `${partner.name} (${partner.id}) is a direct partner; only an indirect provider names a reseller`
        : `partner ${namedPartnerId} is not an indirect reseller of ${partner.name} (${partner.id})`;
    return refusal(403, 'not-reseller-of-provider', `${why}.`);
}

export function isRefusal<T extends object>(x: T | Refusal): x is Refusal {
    return 'status' in x && 'code' in x;
}
