// A fleet for the bulk job tests: the demo world plus generated customers of
// Contoso (1001), each a copy of a demo customer whose outcome is known
// (valid per simulator/world/schema.ts), and the readiness documents the
// fleet view would hold for them (until the readiness sync fills them, the
// tests write them through the store).
import type { ReadinessDoc } from '../../shared/features/readiness/readinessDoc';
import { readinessId } from '../../shared/features/readiness/readinessDoc';
import type { StateStore } from '../../shared/adapters/state/stateStore';
import { saveReadiness } from '../../shared/features/readiness/readinessStore';

/** What a generated customer turns out as when its overage is switched on with a new subscription. */
export type Kind = 'enabled' | 'blocked' | 'refused' | 'auto-recharge';

export interface FleetCustomer {
    tenantId: string;
    name: string;
    kind: Kind;
}

const hex = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** `count` customers of Contoso from number `first` on: `kindOf(i)` says which demo customer each copies. */
export function fleetCustomers(first: number, count: number, kindOf: (i: number) => Kind): FleetCustomer[] {
    return Array.from({ length: count }, (_, k) => {
        const i = first + k;
        const kind = kindOf(i);
        return { tenantId: hex('40000000', i), name: `Fleet ${kind} ${String(i).padStart(3, '0')}`, kind };
    });
}

/** The world-file customer: a copy of Fabrikam (enabled), Proseware (blocked: no GDAP), Coho Winery (refused: not eligible) or School of Fine Art (auto-recharge on). */
export function worldCustomer(c: FleetCustomer, i: number): Record<string, unknown> {
    const licence = (consumptionType: 'overage' | null) => ({
        id: hex('50000000', i), partnerId: '1001', sku: consumptionType ? 'Microsoft Teams Phone with Calling Plan' : 'Microsoft Teams Phone Standard', consumptionType,
        quantity: 10, purchasedAt: '2025-03-01T00:00:00Z', plan: consumptionType ? { kind: 'domestic', country: 'DE', minutesPerLicense: 120 } : null,
    });
    return {
        tenantId: c.tenantId, name: c.name, country: 'DE', adminContact: `it@fleet-${i}.example`,
        azure: { kind: 'plan', mcaAccepted: true, entitlements: [{ id: hex('60000000', i), name: 'Subscription 1' }] },
        subscriptions: [licence(c.kind === 'refused' ? null : 'overage')],
        credits: c.kind === 'auto-recharge' ? { balance: 20, currency: 'EUR', autoRecharge: { enabled: true, threshold: 5, amount: 25 } } : null,
        policies: { gdapAzureAccess: c.kind !== 'blocked', conditionalAccessTokenProtection: false, allowedLocations: null },
        overage: [],
    };
}

/** Adds the customers to a (demo) world, with short delays. */
export function withFleet(world: any, customers: FleetCustomer[]): void {
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    world.customers.push(...customers.map((c) => worldCustomer(c, Number.parseInt(c.tenantId.slice(-12), 16))));
}

/** The readiness document the fleet view would hold for a customer (the state its kind leads to). */
export function readinessDoc(partnerId: string, c: { tenantId: string; name: string; kind: Kind }, reseller: string | null = null): ReadinessDoc {
    const blocker = (code: 'gdap-missing' | 'not-eligible') => ({ code, detail: `${code} (written by the test)`, remedy: 'See the detail.' });
    const state = c.kind === 'blocked' ? 'blocked' : c.kind === 'refused' ? 'not-eligible' : 'ready';
    return {
        id: readinessId(c.tenantId, 'PhoneServices'), partnerId, customerTenantId: c.tenantId, service: 'PhoneServices', name: c.name,
        reseller: reseller ? { partnerId: reseller, name: null } : null, state,
        blockers: c.kind === 'blocked' ? [blocker('gdap-missing')] : c.kind === 'refused' ? [blocker('not-eligible')] : [],
        payerNow: 'nobody', postpaidActive: false, overage: null, lastRun: null, assessedAt: '2026-11-01T00:00:00.000Z', source: 'sync',
    };
}

export async function saveFleet(store: StateStore, partnerId: string, customers: FleetCustomer[]): Promise<void> {
    for (const c of customers) await saveReadiness(store, readinessDoc(partnerId, c));
}
