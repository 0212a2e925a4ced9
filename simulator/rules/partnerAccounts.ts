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

/**
 * The indirect reseller a customer was sold through, as `viewer` sees it
 * (Partner Center's `associatedPartnerId`): for an indirect provider, the
 * reseller of its own that sold to the customer first (without a sale, the one
 * holding its overage record); for an indirect reseller, itself; for a direct
 * partner, none. Another provider's resellers are never named.
 */
export function resellerOfSale(world: World, viewer: Partner, customer: Customer): Partner | undefined {
    if (viewer.kind === 'indirectReseller') return isCustomerOf(world, viewer, customer) ? viewer : undefined;
    const resellers = resellersOf(world, viewer);
    if (resellers.length === 0) return undefined;
    const ids = new Set(resellers.map((r) => r.id));
    const sales = customer.subscriptions.filter((s) => ids.has(s.partnerId))
        .sort((a, b) => Date.parse(a.purchasedAt) - Date.parse(b.purchasedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const id = sales[0]?.partnerId ?? customer.overage.find((o) => ids.has(o.partnerId))?.partnerId;
    return id === undefined ? undefined : resellers.find((r) => r.id === id);
}

/** The customers a partner sees (its own, and a provider's resellers'), in tenant id order. */
export function customersOf(world: World, partner: Partner): Customer[] {
    return world.customers.filter((c) => isCustomerOf(world, partner, c)).sort((a, b) => compareTenantIds(a.tenantId, b.tenantId));
}

/** Tenant ids compare as Partner Center's seek order does here: case-insensitively. */
export function compareTenantIds(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
}

/** The roles Partner Center holds for an agent of the partner; none for a user it does not know. */
export function agentRoles(partner: Partner, upn: string): AgentRole[] {
    return partner.agents.find((a) => a.upn.toLowerCase() === upn.toLowerCase())?.roles ?? [];
}
