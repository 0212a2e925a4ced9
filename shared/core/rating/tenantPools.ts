// Rule 6 of the accrual (DOMAIN.md "Accrual, precisely"): the minute pools
// belong to the tenant, so they are built from every licence the customer's
// tenant holds (Graph `subscribedSkus`), whoever sold it. Pure: the SKU table,
// and how a tenant's SKU list (plus what Partner Center's catalog shows the
// served partners) becomes the pools a month is rated with.
//
// Choices, documented in docs/domain.md ("Pools from the tenant"):
// - A licence is a unit of `prepaidUnits.enabled` (bought and active), not of
//   `consumedUnits` (assigned to a user): minutes the customer pays for are
//   never billed as overage because a licence is not assigned yet.
// - The tenant's SKU list has no country. Microsoft pools a plan's minutes by
//   the usage location of the users holding it, so where Graph lists the
//   tenant's users, their usage locations give the countries (licences no user
//   holds go to the country with the most). Otherwise: Partner Center's catalog
//   names products, not SKU part numbers, so a tenant SKU is matched to the
//   served partners' subscriptions by its plan kind (those whose minutes per
//   licence are the SKU's own preferred); they give the country, split as
//   Partner Center counts its licences (licences beyond them go to the country
//   with the most). When no served partner sees one, the customer's own
//   country is used.
// - The minutes per licence are the SKU table's, whatever the catalog says.
// - A bundle counts for every calling capability in its service plans (an
//   E5 with its Audio Conferencing, MCOMEETADV), each once per SKU.
import type { PlanKind, PoolLicences, RatingInput } from './ratingModel';
import { compareText } from '../domain/primitives';

export interface SkuPool {
    plan: PlanKind;
    /** Minutes a licence includes each month… */
    minutes: number;
    /** …unless its country is listed here. */
    minutesIn?: Readonly<Record<string, number>>;
}

/** Domestic plans include 3,000 minutes a licence in the US, Puerto Rico and Canada, 1,200 elsewhere. */
const DOMESTIC_MINUTES_IN: Readonly<Record<string, number>> = { US: 3000, PR: 3000, CA: 3000 };

/** The calling capabilities a tenant SKU (or a service plan of a bundle) brings, by SKU part number. */
export const SKU_POOLS: Readonly<Record<string, SkuPool>> = {
    MCOPSTN1: { plan: 'domestic', minutes: 1200, minutesIn: DOMESTIC_MINUTES_IN },
    MCOPSTN2: { plan: 'domesticInternational', minutes: 1200, minutesIn: DOMESTIC_MINUTES_IN },
    MCOPSTN5: { plan: 'domestic', minutes: 120 },
    MCOPSTN6: { plan: 'domestic', minutes: 240 },
    MCOPSTNPP: { plan: 'payg', minutes: 0 },
    MCOMEETADD: { plan: 'audioConferencing', minutes: 60 },
};

/**
 * Graph's names for a capability whose usage rows say another: Audio Conferencing
 * is the SKU and service plan MCOMEETADV, while its calls say MCOMEETADD.
 */
export const SKU_ALIASES: Readonly<Record<string, string>> = { MCOMEETADV: 'MCOMEETADD' };

export function minutesPerLicence(pool: SkuPool, country: string): number {
    return pool.minutesIn?.[country] ?? pool.minutes;
}

/** One SKU of the tenant, as Graph lists it. */
export interface TenantSku {
    skuPartNumber: string;
    /** The names of its service plans that are not switched off (a bundle's calling plans are among them). */
    servicePlans: readonly string[];
    /** `prepaidUnits.enabled`. */
    licences: number;
    /** Its licences held by users, per usage location (Graph users); absent when the users could not be read. */
    assigned?: ReadonlyArray<{ country: string; licences: number }>;
}

/** A calling plan Partner Center's catalog shows on a subscription a served partner sees. */
export interface CatalogPlan {
    plan: PlanKind;
    country: string;
    minutesPerLicence: number;
    licences: number;
}

export interface Pools {
    pools: RatingInput['pools'];
    licences: PoolLicences[];
}

/** The pools of the tenant's SKUs; `catalog`: what the served partners see, for the countries; `customerCountry`: the billing profile's. */
export function tenantPools(skus: readonly TenantSku[], catalog: readonly CatalogPlan[], customerCountry: string): Pools {
    const licences: PoolLicences[] = [];
    for (const sku of skus) {
        if (!(sku.licences > 0)) continue;
        for (const capability of capabilitiesOf(sku)) {
            const pool = SKU_POOLS[capability];
            for (const { country, licences: n, countryFrom } of countriesOf(pool, sku, catalog, customerCountry)) {
                licences.push({ sku: sku.skuPartNumber, capability, plan: pool.plan, country, licences: n, minutesPerLicence: minutesPerLicence(pool, country), countryFrom });
            }
        }
    }
    return summed(licences);
}

/** The pools as the served partners see them in Partner Center (the fallback when the tenant cannot be read). */
export function catalogPools(subscriptions: ReadonlyArray<CatalogPlan & { offer: string }>): Pools {
    return summed(subscriptions.map((s) => ({ sku: s.offer, capability: null, plan: s.plan, country: s.country, licences: s.licences, minutesPerLicence: s.minutesPerLicence, countryFrom: 'partnerCenter' as const })));
}

/** The capabilities of SKU_POOLS that the SKU's own part number and its service plans name, each once. */
function capabilitiesOf(sku: TenantSku): string[] {
    const names = [sku.skuPartNumber, ...sku.servicePlans].map((n) => n.trim().toUpperCase()).map((n) => (Object.hasOwn(SKU_ALIASES, n) ? SKU_ALIASES[n] : n));
    return [...new Set(names.filter((n) => Object.hasOwn(SKU_POOLS, n)))];
}

type Spread = Array<{ country: string; licences: number; countryFrom: PoolLicences['countryFrom'] }>;

/** How a SKU's licences spread over countries (see the file's comment). */
function countriesOf(pool: SkuPool, sku: TenantSku, catalog: readonly CatalogPlan[], customerCountry: string): Spread {
    const held = new Map<string, number>();
    for (const a of sku.assigned ?? []) if (a.licences > 0) held.set(a.country, (held.get(a.country) ?? 0) + a.licences);
    if (held.size) return spread(sku.licences, held, 'usageLocation');
    const sameKind = catalog.filter((c) => c.plan === pool.plan);
    const sameSku = sameKind.filter((c) => c.minutesPerLicence === minutesPerLicence(pool, c.country));
    const seen = new Map<string, number>();
    for (const c of sameSku.length ? sameSku : sameKind) seen.set(c.country, (seen.get(c.country) ?? 0) + c.licences);
    if (seen.size) return spread(sku.licences, seen, 'partnerCenter');
    return [{ country: customerCountry, licences: sku.licences, countryFrom: 'customer' }];
}

/** `n` licences over the countries of `counts`, the largest first (ties by code); those beyond the counts go to the largest. */
function spread(n: number, counts: ReadonlyMap<string, number>, countryFrom: PoolLicences['countryFrom']): Spread {
    const order = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const out = new Map<string, number>();
    let left = n;
    for (const [country, q] of order) {
        const take = Math.min(q, left);
        if (take > 0) out.set(country, take);
        left -= take;
    }
    if (left > 0) out.set(order[0][0], (out.get(order[0][0]) ?? 0) + left);
    return [...out].map(([country, licences]) => ({ country, licences, countryFrom }));
}

/** Rows of one (sku, capability, country, minutes) merged; pools summed per (country, plan); both sorted. */
function summed(rows: readonly PoolLicences[]): Pools {
    const merged = new Map<string, PoolLicences>();
    for (const r of rows) {
        const key = [r.sku, r.capability ?? '', r.plan, r.country, r.minutesPerLicence, r.countryFrom].join('\u0000');
        const kept = merged.get(key);
        if (kept) kept.licences += r.licences;
        else merged.set(key, { ...r });
    }
    const licences = [...merged.values()].sort((a, b) => compareText(a.country, b.country) || compareText(a.plan, b.plan) || compareText(a.sku, b.sku) || compareText(a.capability ?? '', b.capability ?? '') || a.minutesPerLicence - b.minutesPerLicence);
    const pools = new Map<string, RatingInput['pools'][number]>();
    for (const r of licences) {
        const key = `${r.country}/${r.plan}`;
        const pool = pools.get(key) ?? { country: r.country, plan: r.plan, minutes: 0 };
        pool.minutes += r.licences * r.minutesPerLicence;
        pools.set(key, pool);
    }
    return { pools: [...pools.values()], licences };
}
