// Which customers and subscriptions a partner can see: its own sales and, for
// an indirect provider, those of the resellers that buy through it.
import type { Customer } from '../shared/domain/customer';
import type { Partner } from '../shared/domain/partner';
import type { World } from './world';

export function partnersActingFor(world: World, partner: Partner): Set<string> {
    const ids = new Set([partner.id]);
    if (partner.kind === 'indirectProvider') {
        for (const p of world.partners) if (p.kind === 'indirectReseller' && p.providerId === partner.id) ids.add(p.id);
    }
    return ids;
}

export function visibleSubscriptions(world: World, partner: Partner, customer: Customer): Customer['subscriptions'] {
    const ids = partnersActingFor(world, partner);
    return customer.subscriptions.filter((s) => ids.has(s.partnerId));
}

/** A customer is the partner's when it sold it something or manages its overage. */
export function isCustomerOf(world: World, partner: Partner, customer: Customer): boolean {
    const ids = partnersActingFor(world, partner);
    return customer.subscriptions.some((s) => ids.has(s.partnerId)) || customer.overage.some((o) => ids.has(o.partnerId));
}

/**
 * Partner Center's view of who manages a customer's overage for a service: the
 * assignee while overage is on; otherwise the partner of the first purchase of
 * a SKU that allows overage (the record Partner Center creates at that
 * purchase). Written apart from the app's rules: this is what Microsoft knows,
 * including purchases the asking partner cannot see.
 */
export function overageOwnerOf(customer: Customer, type: string): string | undefined {
    const setting = customer.overage.find((o) => o.type === type);
    if (setting?.overageEnabled) return setting.partnerId;
    const first = customer.subscriptions
        .filter((s) => s.consumptionType === 'overage')
        .sort((a, b) => Date.parse(a.purchasedAt) - Date.parse(b.purchasedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
    return first?.partnerId ?? setting?.partnerId;
}
