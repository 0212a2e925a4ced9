// Partner Center's accounts and who sees what. A direct partner and an
// indirect provider transact with Microsoft; an indirect reseller sells
// through its provider and transacts nothing itself. A partner sees the
// customers it sold to; a provider also sees those of its resellers.
import type { AgentRole, Customer, Partner, World } from '../world';

export function isTransacting(partner: Partner): boolean {
    return partner.kind !== 'indirectReseller';
}

export function providerOf(world: World, reseller: Partner): Partner | undefined {
    return reseller.providerId === null ? undefined : world.partners.find((p) => p.id === reseller.providerId);
}

export function resellersOf(world: World, provider: Partner): Partner[] {
    return provider.kind === 'indirectProvider' ? world.partners.filter((p) => p.kind === 'indirectReseller' && p.providerId === provider.id) : [];
}

/** The partners whose sales `partner` sees: itself, plus an indirect provider's resellers. */
export function salesSeenBy(world: World, partner: Partner): Set<string> {
    return new Set([partner.id, ...resellersOf(world, partner).map((r) => r.id)]);
}

/** A customer is a partner's once the partner (or a reseller of it) sold to it or holds its overage record. */
export function isCustomerOf(world: World, partner: Partner, customer: Customer): boolean {
    const seen = salesSeenBy(world, partner);
    return customer.subscriptions.some((s) => seen.has(s.partnerId)) || customer.overage.some((o) => seen.has(o.partnerId));
}

/** The roles Partner Center holds for an agent of the partner; none for a user it does not know. */
export function agentRoles(partner: Partner, upn: string): AgentRole[] {
    return partner.agents.find((a) => a.upn.toLowerCase() === upn.toLowerCase())?.roles ?? [];
}
