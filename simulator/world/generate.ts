// Generated worlds, for the whole fleet at once: partners like the demo
// world's and any number of customers spread over them, in a documented mix
// of the states a partner's fleet view tells apart (docs/simulator.md,
// "Generated worlds"). Deterministic for a seed: its own small PRNG, no
// Math.random, no clock. Besides the world it returns the generator's label
// of each customer, the state it meant to put the customer in, so tests and
// benchmarks can hold the app's assessment against that intention. The
// labels are only what the generator built; the simulator's rules never read
// them.
import { randomGuid, type Random, seededRandom } from './random';
import type { Customer, Partner, World } from './schema';

// ---- the mix ----

export const INTENDED_STATES = ['on', 'on-credits-first', 'ready', 'blocked', 'owned-by-another-partner', 'not-eligible'] as const;
export type IntendedState = (typeof INTENDED_STATES)[number];

/** Percent of the customers in each state (the table of docs/simulator.md); they add up to 100. */
export const READINESS_MIX: Readonly<Record<IntendedState, number>> = {
    'on': 30,
    'on-credits-first': 10,
    'ready': 25,
    'blocked': 15,
    'owned-by-another-partner': 10,
    'not-eligible': 10,
};

/**
 * How many of `customers` get each state: each share rounded down, then the
 * customers left over go one each to the states with the largest fractions
 * (ties in table order). Every count is its share rounded down or up, and the
 * counts add up to `customers`.
 */
export function mixCounts(customers: number): Record<IntendedState, number> {
    const exact = INTENDED_STATES.map((s) => (customers * READINESS_MIX[s]) / 100);
    const counts = exact.map(Math.floor);
    let left = customers - counts.reduce((a, b) => a + b, 0);
    const byFraction = INTENDED_STATES.map((_, i) => i).sort((a, b) => (exact[b] - counts[b]) - (exact[a] - counts[a]) || a - b);
    for (const i of byFraction) {
        if (left === 0) break;
        counts[i]++;
        left--;
    }
    return Object.fromEntries(INTENDED_STATES.map((s, i) => [s, counts[i]])) as Record<IntendedState, number>;
}

// ---- the partners ----

const agents = (domain: string, ...roles: Array<[string, Partner['agents'][number]['roles'][number]]>) => roles.map(([name, role]) => ({ upn: `${name}@${domain}`, roles: [role] }));

/** The demo world's partners that sell (same ids, names and agents, so the demo agents sign in to a generated world too), plus a second reseller. */
export const GENERATED_PARTNERS: Partner[] = [
    {
        id: '1001', name: 'Contoso Telecom', kind: 'direct', providerId: null, adminContact: 'ops@contoso-telecom.example',
        agents: agents('contoso-telecom.example', ['admin', 'AdminAgent'], ['sales', 'SalesAgent'], ['helpdesk', 'HelpdeskAgent'], ['ga', 'GlobalAdmin']),
        sandbox: false, sandboxAzurePlanAccess: false,
    },
    {
        id: '1002', name: 'Litware Voice', kind: 'direct', providerId: null, adminContact: 'csp@litware-voice.example',
        agents: agents('litware-voice.example', ['admin', 'AdminAgent'], ['sales', 'SalesAgent']),
        sandbox: false, sandboxAzurePlanAccess: false,
    },
    {
        id: '2001', name: 'Tailspin Distribution', kind: 'indirectProvider', providerId: null, adminContact: 'partners@tailspin-distribution.example',
        agents: agents('tailspin-distribution.example', ['admin', 'AdminAgent'], ['sales', 'SalesAgent'], ['ga', 'GlobalAdmin']),
        sandbox: false, sandboxAzurePlanAccess: false,
    },
    {
        id: '3001', name: 'Northwind Reseller', kind: 'indirectReseller', providerId: '2001', adminContact: 'office@northwind-reseller.example',
        agents: agents('northwind-reseller.example', ['admin', 'AdminAgent'], ['sales', 'SalesAgent']),
        sandbox: false, sandboxAzurePlanAccess: false,
    },
    {
        id: '3002', name: 'Wingtip Reseller', kind: 'indirectReseller', providerId: '2001', adminContact: 'office@wingtip-reseller.example',
        agents: agents('wingtip-reseller.example', ['admin', 'AdminAgent'], ['sales', 'SalesAgent']),
        sandbox: false, sandboxAzurePlanAccess: false,
    },
];

/** Which partner sold each customer, in percent: Contoso has the large fleet, Tailspin the next (its own and its resellers'). */
export const SELLER_WEIGHTS: ReadonlyArray<[string, number]> = [['1001', 50], ['2001', 15], ['3001', 12], ['3002', 8], ['1002', 15]];
/** A distributor's fleet: every customer sold by Tailspin or its two resellers, so one partner's fleet holds them all. */
export const DISTRIBUTOR_WEIGHTS: ReadonlyArray<[string, number]> = [['2001', 40], ['3001', 35], ['3002', 25]];
/** The partner another partner's customer is "owned by": Litware, or Contoso when Litware sold it. */
const otherPartnerOf = (sellerId: string) => (sellerId === '1002' ? '1001' : '1002');

/** The demo world's delays (simulator/worlds/demo.json). */
export const DEMO_DELAYS: World['delays'] = { aliasCreationMs: 500, overageUpdateMs: 300, planTransitionMs: 1000 };
export const ZERO_DELAYS: World['delays'] = { aliasCreationMs: 0, overageUpdateMs: 0, planTransitionMs: 0 };

// ---- drawing from the seeded PRNG (world/random.ts) ----

export { seededRandom };

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r.next() * list.length)];
const chance = (r: Random, p: number) => r.next() < p;
function weighted<T>(r: Random, list: ReadonlyArray<readonly [T, number]>): T {
    const total = list.reduce((n, [, w]) => n + w, 0);
    let x = r.next() * total;
    for (const [v, w] of list) if ((x -= w) < 0) return v;
    return list[list.length - 1][0];
}

/** A version 4 GUID from the PRNG, never one handed out before in this world. */
function guidFrom(r: Random, used: Set<string>): string {
    for (;;) {
        const id = randomGuid(r);
        if (!used.has(id)) {
            used.add(id);
            return id;
        }
    }
}

// ---- what customers are made of ----

const NAME_FIRST = [
    'Alder', 'Amber', 'Arctic', 'Aspen', 'Atlas', 'Azure', 'Bay', 'Birch', 'Blue', 'Bright', 'Cedar', 'Clear', 'Coastal', 'Copper', 'Coral', 'Crest',
    'Delta', 'Eagle', 'East', 'Elm', 'Emerald', 'Falcon', 'Fern', 'Golden', 'Granite', 'Green', 'Harbor', 'Hazel', 'High', 'Iron', 'Juniper', 'Lake',
    'Linden', 'Maple', 'Meadow', 'North', 'Oak', 'Ocean', 'Pine', 'Prairie', 'Quarry', 'Red', 'River', 'Rock', 'Silver', 'South', 'Stone', 'Summit',
    'Sun', 'Valley', 'West', 'Willow',
] as const;
const NAME_SECOND = [
    'Anchor', 'Arrow', 'Beacon', 'Bridge', 'Brook', 'Canyon', 'Castle', 'Circle', 'Field', 'Forge', 'Fox', 'Gate', 'Grove', 'Haven', 'Hill', 'Hollow',
    'Key', 'Lantern', 'Leaf', 'Line', 'Mill', 'Moon', 'Park', 'Peak', 'Point', 'Port', 'Ridge', 'Road', 'Shore', 'Spring', 'Star', 'Tower', 'Trail',
    'Tree', 'Wave', 'Wharf', 'Wind', 'Wood', 'Works', 'Yard',
] as const;
const NAME_KIND = [
    'Accounting', 'Architects', 'Bakery', 'Bank', 'Builders', 'Clinic', 'Consulting', 'Dental', 'Design', 'Energy', 'Engineering', 'Foods', 'Freight',
    'Hotels', 'Insurance', 'Legal', 'Logistics', 'Media', 'Motors', 'Pharma', 'Realty', 'Retail', 'Software', 'Studios', 'Travel', 'Winery',
] as const;

/** Countries, with the currency their Communications Credits are in. */
const COUNTRIES: ReadonlyArray<readonly [string, string, number]> = [
    ['US', 'USD', 24], ['GB', 'GBP', 12], ['DE', 'EUR', 12], ['FR', 'EUR', 8], ['NL', 'EUR', 6], ['IT', 'EUR', 5], ['ES', 'EUR', 5], ['CA', 'CAD', 5],
    ['AT', 'EUR', 3], ['BE', 'EUR', 3], ['CH', 'CHF', 3], ['SE', 'SEK', 3], ['IE', 'EUR', 3], ['DK', 'DKK', 2], ['AU', 'AUD', 4], ['PR', 'USD', 2],
];
/** Pay-As-You-Go calling plans are sold in zone 1 only. */
const PAYG_COUNTRIES = new Set(['US', 'PR', 'GB', 'CA']);
const NORTH_AMERICA = new Set(['US', 'CA', 'PR']);
const LOCATION_SETS: ReadonlyArray<string[]> = [['westeurope', 'germanywestcentral'], ['northeurope', 'westeurope'], ['eastus', 'westus2'], ['uksouth', 'ukwest'], ['swedencentral']];
const WITHOUT_OVERAGE = ['Microsoft Teams Phone Standard', 'Microsoft 365 E3', 'Microsoft 365 Business Premium', 'Microsoft Teams Essentials'] as const;

/** Where the generated customers' purchases fall: 2024-01-01 onwards, over 650 days. */
const PURCHASES_FROM = Date.UTC(2024, 0, 1);
const PURCHASE_SPAN_DAYS = 650;

type Subscription = Customer['subscriptions'][number];
type Azure = Customer['azure'];

/** The refusal codes Partner Center gives for what blocks switching overage on (docs/simulator.md, "Rules"). */
export const BLOCKERS = ['gdap-missing', 'conditional-access-blocked', 'location-policy-blocked', 'mca-not-accepted'] as const;
export type IntendedBlocker = (typeof BLOCKERS)[number];

export interface Label {
    /** The partner that sold the customer: for a two-tier sale, the indirect reseller. */
    partnerId: string;
    /** For a two-tier sale, the indirect provider, whose list shows the customer with `associatedPartnerId`; its view has the same state. */
    providerId?: string;
    intendedState: IntendedState;
    /** `blocked`: what blocks it, in Partner Center's refusal codes. */
    blockers?: IntendedBlocker[];
    /** `owned-by-another-partner`: the partner that holds overage. */
    ownedBy?: string;
}

export interface GenerateOptions {
    customers: number;
    seed: number;
    /** `demo` (default): the demo world's delays; `zero`: none at all, for benchmarks. */
    delays?: 'demo' | 'zero';
    /** `mixed` (default): SELLER_WEIGHTS; `distributor`: DISTRIBUTOR_WEIGHTS. */
    fleet?: 'mixed' | 'distributor';
}

export interface GeneratedWorld {
    world: World;
    /** By tenant id, the state the generator meant the customer to be in, as the partner that sold it sees it. */
    labels: Record<string, Label>;
    counts: Record<IntendedState, number>;
    /** Customers per selling partner. */
    sellers: Record<string, number>;
}

export const MAX_GENERATED_CUSTOMERS = 100_000;

export function generateWorld(o: GenerateOptions): GeneratedWorld {
    if (!Number.isInteger(o.customers) || o.customers < 1 || o.customers > MAX_GENERATED_CUSTOMERS) {
        throw new RangeError(`customers must be a whole number from 1 to ${MAX_GENERATED_CUSTOMERS} (got ${o.customers})`);
    }
    if (!Number.isInteger(o.seed)) throw new RangeError(`the seed must be a whole number (got ${o.seed})`);
    const r = seededRandom(o.seed);
    const ids = new Set<string>();
    const names = new Set<string>();
    const counts = mixCounts(o.customers);

    // the states, as many of each as the mix says, in an order the seed shuffles
    const states: IntendedState[] = INTENDED_STATES.flatMap((s) => Array<IntendedState>(counts[s]).fill(s));
    for (let i = states.length - 1; i > 0; i--) {
        const j = Math.floor(r.next() * (i + 1));
        [states[i], states[j]] = [states[j], states[i]];
    }

    const partners = new Map(GENERATED_PARTNERS.map((p) => [p.id, p]));
    const customers: Customer[] = [];
    const labels: Record<string, Label> = {};
    const weights = o.fleet === 'distributor' ? DISTRIBUTOR_WEIGHTS : SELLER_WEIGHTS;
    const sellers: Record<string, number> = Object.fromEntries(weights.map(([id]) => [id, 0]));
    for (const state of states) {
        const sellerId = weighted(r, weights);
        sellers[sellerId]++;
        const seller = partners.get(sellerId)!;
        const { customer, label } = customerIn(r, state, seller, ids, names);
        customers.push(customer);
        labels[customer.tenantId] = { partnerId: sellerId, ...(seller.providerId === null ? {} : { providerId: seller.providerId }), ...label };
    }

    const world: World = {
        description: `Generated world: ${o.customers} customers, seed ${o.seed} (npm run world:generate); the mix is in docs/simulator.md, "Generated worlds".`,
        partners: structuredClone(GENERATED_PARTNERS),
        customers,
        delays: { ...(o.delays === 'zero' ? ZERO_DELAYS : DEMO_DELAYS) },
        faults: [],
    };
    return { world, labels, counts, sellers };
}

/** One customer the seller sees in `state`. */
function customerIn(r: Random, state: IntendedState, seller: Partner, ids: Set<string>, names: Set<string>): { customer: Customer; label: Omit<Label, 'partnerId' | 'providerId'> } {
    const name = companyName(r, names);
    const [country, currency] = weighted(r, COUNTRIES.map(([c, cur, w]) => [[c, cur] as const, w] as const));
    const guid = () => guidFrom(r, ids);
    const purchase = purchaseTimes(r);
    const customer: Customer = {
        tenantId: guid(),
        name,
        country,
        adminContact: `it@${slug(name)}.example`,
        azure: { kind: 'plan', mcaAccepted: true, entitlements: [] },
        subscriptions: [],
        credits: null,
        policies: { gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null },
        overage: [],
    };
    const withOverageSku = (partnerId: string, purchasedAt: string) => customer.subscriptions.push(overageSubscription(r, guid(), partnerId, country, purchasedAt));
    const onAzurePlan = () => {
        customer.azure = azurePlan(r, guid, name);
        return customer.azure.entitlements;
    };
    const enabled = (partnerId: string) => {
        const entitlements = onAzurePlan();
        customer.overage = [{ type: 'PhoneServices', partnerId, azureEntitlementId: pick(r, entitlements).id, overageEnabled: true }];
    };
    const noCreditsToSpend = () => {
        customer.credits = chance(r, 0.6) ? null : { balance: 0, currency, autoRecharge: chance(r, 0.5) ? null : { enabled: false, threshold: 10, amount: 50 } };
    };

    let label: Omit<Label, 'partnerId' | 'providerId'>;
    switch (state) {
        case 'on': {
            withOverageSku(seller.id, purchase.later);
            enabled(seller.id);
            noCreditsToSpend();
            customer.scenario = 'Generated: overage on, billed to an Azure plan subscription; no credits to spend first.';
            label = { intendedState: state };
            break;
        }
        case 'on-credits-first': {
            withOverageSku(seller.id, purchase.later);
            enabled(seller.id);
            customer.credits = chance(r, 0.6)
                ? { balance: cents(r, 5, 250), currency, autoRecharge: chance(r, 0.5) ? null : { enabled: false, threshold: 10, amount: 50 } }
                : { balance: cents(r, 0, 100), currency, autoRecharge: { enabled: true, threshold: pick(r, [10, 20, 25]), amount: pick(r, [50, 100]) } };
            customer.scenario = customer.credits.autoRecharge?.enabled
                ? 'Generated: overage on, but auto-recharge keeps Communications Credits paying first.'
                : 'Generated: overage on, but a Communications Credits balance pays first.';
            label = { intendedState: state };
            break;
        }
        case 'ready': {
            withOverageSku(seller.id, purchase.later);
            customer.azure = readyAzure(r, guid, name);
            noCreditsToSpend();
            customer.scenario = `Generated: eligible, overage off, nothing blocks (${customer.azure.kind === 'none' ? 'no Azure yet: a no-cost Azure plan is created' : customer.azure.kind === 'legacy' ? 'legacy Azure offer, MCA accepted: moves to an Azure plan first' : 'on an Azure plan'}).`;
            label = { intendedState: state };
            break;
        }
        case 'blocked': {
            withOverageSku(seller.id, purchase.later);
            const blockers = blockersFor(r);
            if (blockers.includes('mca-not-accepted')) customer.azure = { kind: 'legacy', mcaAccepted: false, entitlements: [{ id: guid(), name: 'Azure in CSP (legacy)' }] };
            // an Azure Policy is assigned to a subscription: a tenant without Azure has none to restrict locations
            else if (blockers.includes('location-policy-blocked')) customer.azure = chance(r, 0.8) ? azurePlan(r, guid, name) : { kind: 'legacy', mcaAccepted: true, entitlements: [{ id: guid(), name: 'Azure in CSP (legacy)' }] };
            else customer.azure = readyAzure(r, guid, name);
            customer.policies = {
                gdapAzureAccess: !blockers.includes('gdap-missing'),
                conditionalAccessTokenProtection: blockers.includes('conditional-access-blocked'),
                allowedLocations: blockers.includes('location-policy-blocked') ? [...pick(r, LOCATION_SETS)] : null,
            };
            noCreditsToSpend();
            customer.scenario = `Generated: eligible, overage off, blocked by ${blockers.join(', ')}.`;
            label = { intendedState: state, blockers };
            break;
        }
        case 'owned-by-another-partner': {
            const other = otherPartnerOf(seller.id);
            if (chance(r, 0.6)) {
                // the other partner's overage-enabling purchase came first: it holds the record, not yet on
                withOverageSku(seller.id, purchase.later);
                withOverageSku(other, purchase.earlier);
                customer.azure = readyAzure(r, guid, name);
                customer.scenario = `Generated: partner ${other} bought an overage SKU first and holds overage (off).`;
            } else {
                // the other partner switched overage on (first buyer, or after a handover)
                const otherFirst = chance(r, 0.5);
                withOverageSku(seller.id, otherFirst ? purchase.later : purchase.earlier);
                withOverageSku(other, otherFirst ? purchase.earlier : purchase.later);
                enabled(other);
                customer.scenario = `Generated: partner ${other} has overage on.`;
            }
            noCreditsToSpend();
            label = { intendedState: state, ownedBy: other };
            break;
        }
        case 'not-eligible': {
            const skus = chance(r, 0.4) ? 2 : 1;
            const first = Math.floor(r.next() * WITHOUT_OVERAGE.length);
            for (let i = 0; i < skus; i++) {
                customer.subscriptions.push({
                    id: guid(), partnerId: seller.id, sku: WITHOUT_OVERAGE[(first + i) % WITHOUT_OVERAGE.length], consumptionType: null,
                    quantity: licences(r), purchasedAt: i === 0 ? purchase.earlier : purchase.later, plan: null,
                });
            }
            customer.azure = chance(r, 0.5) ? azurePlan(r, guid, name) : { kind: 'none', mcaAccepted: true, entitlements: [] };
            customer.scenario = 'Generated: no subscription whose SKU allows overage.';
            label = { intendedState: state };
            break;
        }
    }
    // a licence that allows no overage beside the one that does, now and then
    if (state !== 'not-eligible' && chance(r, 0.25)) {
        customer.subscriptions.push({ id: guid(), partnerId: seller.id, sku: pick(r, WITHOUT_OVERAGE), consumptionType: null, quantity: licences(r), purchasedAt: purchase.later, plan: null });
    }
    // toll-free service numbers (after the scenario: the order the schema gives the fields)
    if (NORTH_AMERICA.has(country) && chance(r, 0.1)) customer.tollFreeNumbers = [tollFree(r), ...(chance(r, 0.3) ? [tollFree(r)] : [])];
    return { customer, label };
}

/** One or two of the blockers, never the same twice; the MCA only ever with a legacy offer. */
function blockersFor(r: Random): IntendedBlocker[] {
    const first = pick(r, BLOCKERS);
    const found = new Set<IntendedBlocker>([first]);
    if (chance(r, 0.25)) found.add(pick(r, BLOCKERS.filter((b) => b !== first && b !== 'mca-not-accepted')));
    return BLOCKERS.filter((b) => found.has(b));
}

/** What a customer that can be switched on has: an Azure plan, no Azure yet, or the legacy offer with the MCA accepted. */
function readyAzure(r: Random, guid: () => string, name: string): Azure {
    const kind = weighted(r, [['plan', 55], ['none', 30], ['legacy', 15]] as const);
    if (kind === 'plan') return azurePlan(r, guid, name);
    if (kind === 'none') return { kind: 'none', mcaAccepted: true, entitlements: [] };
    return { kind: 'legacy', mcaAccepted: true, entitlements: [{ id: guid(), name: 'Azure in CSP (legacy)' }] };
}

function azurePlan(r: Random, guid: () => string, name: string): Azure {
    const entitlements = [{ id: guid(), name: 'Subscription 1' }];
    if (chance(r, 0.35)) entitlements.push({ id: guid(), name: `${name} Production` });
    return { kind: 'plan', mcaAccepted: true, entitlements };
}

function overageSubscription(r: Random, id: string, partnerId: string, country: string, purchasedAt: string): Subscription {
    const kind = weighted(r, [['domestic', 60], ['domesticInternational', 20], ['payg', PAYG_COUNTRIES.has(country) ? 10 : 0], ['audioConferencing', 10]] as const);
    const big = NORTH_AMERICA.has(country);
    switch (kind) {
        case 'domestic':
            return { id, partnerId, sku: 'Microsoft Teams Phone with Calling Plan', consumptionType: 'overage', quantity: licences(r), purchasedAt, plan: { kind, country, minutesPerLicense: big ? 3000 : pick(r, [120, 240]) } };
        case 'domesticInternational':
            return { id, partnerId, sku: 'Microsoft Teams Domestic and International Calling Plan', consumptionType: 'overage', quantity: licences(r), purchasedAt, plan: { kind, country, minutesPerLicense: big ? 3000 : 1200 } };
        case 'payg':
            return { id, partnerId, sku: 'Microsoft Teams Calling Plan pay-as-you-go (country zone 1)', consumptionType: 'overage', quantity: licences(r), purchasedAt, plan: { kind, country, minutesPerLicense: 0 } };
        case 'audioConferencing':
            return { id, partnerId, sku: 'Microsoft Teams Audio Conferencing with dial-out to USA/CAN', consumptionType: 'overage', quantity: licences(r), purchasedAt, plan: { kind, country, minutesPerLicense: 60 } };
    }
}

/** Two purchase instants, the first at least a day before the second. */
function purchaseTimes(r: Random): { earlier: string; later: string } {
    const day = 86_400_000;
    const first = PURCHASES_FROM + Math.floor(r.next() * (PURCHASE_SPAN_DAYS - 60)) * day + Math.floor(r.next() * 24) * 3_600_000;
    const second = first + (1 + Math.floor(r.next() * 59)) * day;
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
    return { earlier: iso(first), later: iso(second) };
}

/** Mostly small tenants, some large. */
const licences = (r: Random) => 5 + Math.floor(r.next() * r.next() * 400);
const cents = (r: Random, min: number, max: number) => Math.round((min + r.next() * (max - min)) * 100) / 100;
const tollFree = (r: Random) => `+1${pick(r, ['800', '833', '844', '855', '866', '877', '888'])}555${String(Math.floor(r.next() * 10_000)).padStart(4, '0')}`;
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** A company name from the word lists, unique in the world (a number is added when the words run out). */
function companyName(r: Random, used: Set<string>): string {
    for (let attempt = 0; attempt < 8; attempt++) {
        const name = `${pick(r, NAME_FIRST)} ${pick(r, NAME_SECOND)} ${pick(r, NAME_KIND)}`;
        if (!used.has(name)) {
            used.add(name);
            return name;
        }
    }
    const base = `${pick(r, NAME_FIRST)} ${pick(r, NAME_SECOND)} ${pick(r, NAME_KIND)}`;
    for (let n = 2; ; n++) {
        const name = `${base} ${n}`;
        if (!used.has(name)) {
            used.add(name);
            return name;
        }
    }
}
