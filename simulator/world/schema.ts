// The world file's schema: the partners and customers Microsoft's services
// hold, how slow their asynchronous work is, and which faults to inject.
// Written for the simulator alone: the file describes Microsoft's data
// (Partner Center accounts and agents, purchases, Azure billing, tenant
// policies, overage records), checked as strictly as those services would.
import { z } from 'zod';
import { explicitCalls } from '../usage/explicitCalls';

/** Every simulated delay (and injected latency) stays under this, so local runs stay quick; anything slower is taken for a typo. */
export const MAX_SIMULATED_DELAY_MS = 2000;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface WorldOptions {
    /** Cap on delays and fault latencies; MAX_SIMULATED_DELAY_MS unless given. */
    maxDelayMs?: number;
}

// ---- values as Microsoft writes them ----

/** Tenant, subscription and entitlement ids: 8-4-4-4-12 hex (readable test ids such as `11111111-…` included). */
const Guid = z.guid();
/** A Partner Center (MPN) id. */
const PartnerId = z.string().regex(/^\S+$/, 'must be a non-empty id without spaces');
const Email = z.email();
const Country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "DE"');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code in upper case, e.g. "EUR"');
const Instant = z.iso.datetime({ offset: true });
const Region = z.string().regex(/^[A-Za-z0-9 ]+$/, 'must be an Azure region name, e.g. "westeurope"');
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as "+18005550100"');
const IsoDate = z.iso.date();
/** A licence's product as Microsoft Graph names it (`subscribedSkus.skuPartNumber`), e.g. "MCOPSTN1". */
const SkuPartNumber = z.string().regex(/^[A-Za-z0-9_()-]+$/, 'must be a SKU part number such as "MCOPSTN1"');

// ---- Partner Center accounts ----

export const PartnerKind = z.enum(['direct', 'indirectProvider', 'indirectReseller']);
export const AgentRole = z.enum(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin']);
export type AgentRole = z.infer<typeof AgentRole>;

const Agent = z.object({ upn: Email, roles: z.array(AgentRole) });

export const Partner = z.object({
    id: PartnerId,
    name: z.string().min(1),
    kind: PartnerKind,
    /** The indirect provider an indirect reseller buys through; null for everyone else. */
    providerId: PartnerId.nullable(),
    adminContact: Email,
    agents: z.array(Agent),
    /** An integration sandbox account. */
    sandbox: z.boolean().default(false),
    /** Microsoft granted this sandbox the right to provision Azure plans. */
    sandboxAzurePlanAccess: z.boolean().default(false),
}).superRefine((p, ctx) => {
    if (p.kind === 'indirectReseller' && p.providerId === null) {
        ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'an indirect reseller must name the indirect provider it buys through' });
    } else if (p.kind === 'indirectReseller' && p.providerId === p.id) {
        ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'an indirect reseller cannot buy through itself' });
    } else if (p.kind !== 'indirectReseller' && p.providerId !== null) {
        ctx.addIssue({ code: 'custom', path: ['providerId'], message: `only an indirect reseller buys through a provider; a ${p.kind} partner has providerId null` });
    }
    const upns = new Set<string>();
    p.agents.forEach((a, i) => {
        const upn = a.upn.toLowerCase();
        if (upns.has(upn)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'upn'], message: `agent ${a.upn} appears twice` });
        upns.add(upn);
    });
});
export type Partner = z.infer<typeof Partner>;

// ---- what a customer holds ----

const CallingPlan = z.object({
    kind: z.enum(['domestic', 'domesticInternational', 'payg', 'audioConferencing']),
    country: Country,
    minutesPerLicense: z.number().int().min(0),
}).superRefine((plan, ctx) => {
    if (plan.kind === 'payg' && plan.minutesPerLicense !== 0) {
        ctx.addIssue({ code: 'custom', path: ['minutesPerLicense'], message: 'a Pay-As-You-Go calling plan includes no minutes; use 0' });
    }
});

/** A license-based new-commerce subscription, as Partner Center lists it. */
const LicenseSubscription = z.object({
    id: Guid,
    /** The seller: in two-tier sales, the indirect reseller. */
    partnerId: PartnerId,
    sku: z.string().min(1),
    /** The SKU property Microsoft publishes: `"overage"` when the SKU allows pay-as-you-go overage. */
    consumptionType: z.literal('overage').nullable(),
    quantity: z.number().int().positive(),
    purchasedAt: Instant,
    plan: CallingPlan.nullable(),
    /** Graph's name of the product; derived from `sku` and `plan` when left out (docs/simulator.md, "Licences in Graph"). */
    skuPartNumber: SkuPartNumber.optional(),
});
export type LicenseSubscription = z.infer<typeof LicenseSubscription>;

/**
 * Licences in the tenant that no partner of the world sold: bought from
 * Microsoft directly, or from a partner outside the world. Graph's
 * `subscribedSkus` counts them with the rest; Partner Center does not list them.
 */
const DirectLicence = z.strictObject({
    id: Guid,
    /** Who sold it: "Microsoft", or the name of a partner outside the world. */
    seller: z.string().min(1),
    sku: z.string().min(1),
    quantity: z.number().int().positive(),
    purchasedAt: Instant,
    plan: CallingPlan.nullable(),
    skuPartNumber: SkuPartNumber.optional(),
});
export type DirectLicence = z.infer<typeof DirectLicence>;

/** A licence in the tenant, whoever sold it. */
export type TenantLicence = LicenseSubscription | DirectLicence;

/**
 * Application permissions the customer's admin consented to for the partner's
 * app in its tenant. Left out: consented (the demo world names the exception).
 */
const GraphConsent = z.strictObject({
    /** `CallRecords.Read.All`: Graph's PSTN call log. */
    callRecords: z.boolean(),
});

/**
 * The PSTN calls the tenant makes, described compactly: the simulator draws
 * them (seeded, the same every time) from the tenant's calling licences and
 * toll-free numbers (simulator/usage/).
 */
const PstnUsage = z.strictObject({
    /** The first day with calls (UTC). Give this or `monthsBack`. */
    from: IsoDate.optional(),
    /**
     * Instead of `from`: calls from the 1st of the month this many whole months
     * before the simulator's now, so a world keeps that history whenever it runs.
     */
    monthsBack: z.number().int().min(0).max(24).optional(),
    /** The last day with calls (UTC); left out, calls go on to the simulator's today. */
    until: IsoDate.optional(),
    /** Calls on a working day, on average; weekends have none unless `week` says. */
    callsPerDay: z.number().int().min(0).max(1000),
    /**
     * How busy each day of the week is, Monday first, as a share of `callsPerDay`
     * (e.g. `[1.1, 1, 1, 1, 0.9, 0.2, 0.1]`); left out, working days 1 and weekends 0.
     */
    week: z.array(z.number().min(0).max(3)).length(7).optional(),
    /** The currency Microsoft charges in (the simulator's rate table has USD and EUR); by country when left out. */
    currency: z.enum(['USD', 'EUR']).optional(),
    /** Another seed draws other calls from the same description. */
    seed: z.number().int().optional(),
}).superRefine((u, ctx) => {
    if ((u.from === undefined) === (u.monthsBack === undefined)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'give either the first day (from) or how many whole months back the calls start (monthsBack)' });
    if (u.until !== undefined && u.from !== undefined && u.until < u.from) ctx.addIssue({ code: 'custom', path: ['until'], message: `the last day (${u.until}) comes before the first (${u.from})` });
});
export type PstnUsage = z.infer<typeof PstnUsage>;

const Nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

/**
 * One call as Graph's `pstnCallLogRow` has it, given explicitly (tests, and
 * calls a description cannot make). Only the start, duration and call type are
 * needed; the rest is filled in from the customer (docs/simulator.md). A
 * `charge` given is served as is, instead of the simulator's own rating.
 */
export const PstnCallRow = z.strictObject({
    id: z.string().min(1).max(256).optional(),
    callId: z.string().min(1).max(256).optional(),
    userId: Nullable(Guid),
    userPrincipalName: Nullable(z.string()),
    userDisplayName: Nullable(z.string()),
    startDateTime: Instant,
    endDateTime: Instant.optional(),
    duration: z.number().int().min(0).max(86_400 * 2),
    charge: z.number().min(0).optional(),
    connectionCharge: z.number().min(0).optional(),
    currency: Currency.optional(),
    callType: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a call type such as "user_out"'),
    calleeNumber: Nullable(z.string()),
    callerNumber: Nullable(z.string()),
    destinationContext: Nullable(z.enum(['Domestic', 'International'])),
    destinationName: Nullable(z.string()),
    conferenceId: Nullable(z.string()),
    licenseCapability: Nullable(z.string()),
    inventoryType: Nullable(z.string()),
    operator: Nullable(z.string()),
    tenantCountryCode: Nullable(Country),
    usageCountryCode: Nullable(Country),
    callDurationSource: Nullable(z.enum(['microsoft', 'operator'])),
    otherPartyCountryCode: Nullable(Country),
}).superRefine((row, ctx) => {
    if (row.endDateTime !== undefined && Date.parse(row.endDateTime) < Date.parse(row.startDateTime)) {
        ctx.addIssue({ code: 'custom', path: ['endDateTime'], message: 'a call ends after it starts' });
    }
});
export type PstnCallRow = z.infer<typeof PstnCallRow>;

/**
 * The customer's Azure standing: `none`; `legacy` (the MS-AZR-0145P offer, whose
 * subscriptions are the entitlements); or `plan` (an Azure plan and the
 * subscriptions under it). `mcaAccepted`: the Microsoft Customer Agreement.
 */
const Azure = z.object({
    kind: z.enum(['none', 'legacy', 'plan']),
    mcaAccepted: z.boolean(),
    entitlements: z.array(z.object({ id: Guid, name: z.string().min(1) })),
}).superRefine((azure, ctx) => {
    if (azure.kind === 'none' && azure.entitlements.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['entitlements'], message: 'a customer without Azure (kind "none") cannot have entitlements' });
    }
    const ids = new Set<string>();
    azure.entitlements.forEach((e, i) => {
        if (ids.has(e.id.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['entitlements', i, 'id'], message: `entitlement ${e.id} appears twice` });
        ids.add(e.id.toLowerCase());
    });
});

/** Prepaid Communications Credits, bought from Microsoft directly. */
const Credits = z.object({
    balance: z.number().min(0),
    currency: Currency,
    autoRecharge: z.object({ enabled: z.boolean(), threshold: z.number().min(0), amount: z.number().positive() }).nullable(),
});

/** What the customer's tenant and subscriptions would show Microsoft's APIs. */
const Policies = z.object({
    /** The partner's GDAP access reaches the customer's Azure subscriptions. */
    gdapAzureAccess: z.boolean(),
    /** An enforced Conditional Access policy requires token protection. */
    conditionalAccessTokenProtection: z.boolean(),
    /** The regions an "allowed locations" Azure Policy permits; null when no such policy is assigned. */
    allowedLocations: z.array(Region).nullable(),
});

/** Partner Center's overage record for one service (the public `items[]` shape, less its attributes). */
const OverageRecord = z.object({
    type: z.enum(['PhoneServices']),
    partnerId: PartnerId,
    azureEntitlementId: Guid.nullable(),
    overageEnabled: z.boolean(),
}).superRefine((r, ctx) => {
    if (r.overageEnabled && r.azureEntitlementId === null) {
        ctx.addIssue({ code: 'custom', path: ['azureEntitlementId'], message: 'overage that is on names the Azure subscription its charges go to' });
    }
});
export type OverageRecord = z.infer<typeof OverageRecord>;

export const Customer = z.object({
    tenantId: Guid,
    name: z.string().min(1),
    country: Country,
    adminContact: Email,
    azure: Azure,
    subscriptions: z.array(LicenseSubscription),
    credits: Credits.nullable(),
    policies: Policies,
    overage: z.array(OverageRecord),
    /** What this customer demonstrates (see worlds/README.md). */
    scenario: z.string().optional(),
    /** Toll-free service numbers of the tenant. */
    tollFreeNumbers: z.array(E164).optional(),
    /** Licences nobody in the world sold (Microsoft directly, or a partner outside the world). */
    directLicences: z.array(DirectLicence).optional(),
    /** What the customer consented to for the partner's app in Graph; left out: everything. */
    graphConsent: GraphConsent.optional(),
    /** The PSTN calls the simulator draws for the tenant. */
    usage: PstnUsage.optional(),
    /** PSTN calls given one by one, served beside the drawn ones. */
    pstnCalls: z.array(PstnCallRow).optional(),
}).superRefine((c, ctx) => {
    const subscriptionIds = new Set<string>();
    c.subscriptions.forEach((s, i) => {
        if (subscriptionIds.has(s.id.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'id'], message: `subscription ${s.id} appears twice` });
        subscriptionIds.add(s.id.toLowerCase());
    });
    c.directLicences?.forEach((l, i) => {
        if (subscriptionIds.has(l.id.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['directLicences', i, 'id'], message: `licence ${l.id} is already one of this customer's subscriptions or licences` });
        subscriptionIds.add(l.id.toLowerCase());
    });
    const callIds = new Set<string>();
    c.pstnCalls?.forEach((row, i) => {
        if (row.id === undefined) return;
        if (callIds.has(row.id)) ctx.addIssue({ code: 'custom', path: ['pstnCalls', i, 'id'], message: `call row ${row.id} appears twice (Graph's id identifies one row)` });
        callIds.add(row.id);
    });
    for (const e of explicitCalls(c)) {
        if ('unrated' in e) ctx.addIssue({ code: 'custom', path: ['pstnCalls', e.index], message: `${e.unrated}: give the row a charge` });
    }
    const entitlements = new Set(c.azure.entitlements.map((e) => e.id.toLowerCase()));
    const services = new Set<string>();
    c.overage.forEach((r, i) => {
        if (services.has(r.type)) ctx.addIssue({ code: 'custom', path: ['overage', i, 'type'], message: `Partner Center keeps one overage record per service; ${r.type} appears twice` });
        services.add(r.type);
        if (r.azureEntitlementId !== null && !entitlements.has(r.azureEntitlementId.toLowerCase())) {
            ctx.addIssue({ code: 'custom', path: ['overage', i, 'azureEntitlementId'], message: `${r.azureEntitlementId} is not one of this customer's Azure subscriptions` });
        }
        if (r.overageEnabled && c.azure.kind !== 'plan') {
            ctx.addIssue({ code: 'custom', path: ['overage', i, 'overageEnabled'], message: `overage is billed to a subscription under an Azure plan, but azure.kind is "${c.azure.kind}"` });
        }
    });
});
export type Customer = z.infer<typeof Customer>;

// ---- the simulation itself ----

export const FaultKind = z.enum(['latency', 'slowAnswer', 'status429', 'status403', 'status500', 'timeout', 'malformed']);
export type FaultKind = z.infer<typeof FaultKind>;

function delay(maxMs: number) {
    return z.number().int().min(0).max(maxMs, `must be at most ${maxMs} ms, the cap on simulated delays`);
}

/**
 * `pathPattern` is a regular expression tested, unanchored, against the path
 * below the simulated API (no query string), e.g. `^/v1/customers/[^/]+$`.
 */
export function faultSchema(options: WorldOptions = {}) {
    const maxMs = options.maxDelayMs ?? MAX_SIMULATED_DELAY_MS;
    return z.strictObject({
        match: z.strictObject({
            /** Any method when left out; case-insensitive, kept upper case. */
            method: z.string().transform((m) => m.toUpperCase()).pipe(z.enum(HTTP_METHODS)).optional(),
            pathPattern: z.string().min(1).superRefine((source, ctx) => {
                try {
                    new RegExp(source);
                } catch (err) {
                    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
                }
            }),
        }),
        kind: FaultKind,
        /** `latency`: how long to hold the request before carrying it out; `slowAnswer`: how long to hold the answer after carrying it out. */
        latencyMs: delay(maxMs).optional(),
        /** `status429`: the Retry-After header. */
        retryAfterSeconds: z.number().int().min(0).optional(),
        /** How many matching requests the fault affects; all when left out. */
        times: z.number().int().positive().optional(),
    }).superRefine((f, ctx) => {
        if (f.latencyMs !== undefined && f.kind !== 'latency' && f.kind !== 'slowAnswer') ctx.addIssue({ code: 'custom', path: ['latencyMs'], message: `only applies to kinds "latency" and "slowAnswer", not "${f.kind}"` });
        if (f.retryAfterSeconds !== undefined && f.kind !== 'status429') ctx.addIssue({ code: 'custom', path: ['retryAfterSeconds'], message: `only applies to kind "status429", not "${f.kind}"` });
    });
}

export const Fault = faultSchema();
export type Fault = z.infer<typeof Fault>;

export function worldSchema(options: WorldOptions = {}) {
    const d = delay(options.maxDelayMs ?? MAX_SIMULATED_DELAY_MS);
    return z.strictObject({
        description: z.string().optional(),
        partners: z.array(Partner),
        customers: z.array(Customer),
        /** How long Microsoft's asynchronous operations take here. */
        delays: z.strictObject({
            aliasCreationMs: d.default(500),
            overageUpdateMs: d.default(300),
            planTransitionMs: d.default(1000),
        }).prefault({}),
        faults: z.array(faultSchema(options)).default([]),
        /** How the simulated Graph pages: `pstnCallsPageSize` rows a page of getPstnCalls (Graph's is 1,000). */
        graph: z.strictObject({ pstnCallsPageSize: z.number().int().min(1).max(1000) }).optional(),
    }).superRefine(checkReferences);
}

export const World = worldSchema();
export type World = z.infer<typeof World>;

/** Across partners and customers: ids are unique and every reference resolves. */
function checkReferences(world: { partners: Partner[]; customers: Customer[] }, ctx: z.RefinementCtx): void {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    const partners = new Map<string, { index: number; partner: Partner }>();
    const agentOwner = new Map<string, string>();
    world.partners.forEach((p, i) => {
        const first = partners.get(p.id);
        if (first) issue(['partners', i, 'id'], `partner id ${p.id} is already used by partners[${first.index}]`);
        else partners.set(p.id, { index: i, partner: p });
        p.agents.forEach((a, j) => {
            const upn = a.upn.toLowerCase();
            const owner = agentOwner.get(upn);
            if (owner !== undefined && owner !== p.id) issue(['partners', i, 'agents', j, 'upn'], `${a.upn} is already an agent of partner ${owner}`);
            else agentOwner.set(upn, p.id);
        });
    });
    world.partners.forEach((p, i) => {
        if (p.kind !== 'indirectReseller' || p.providerId === null) return;
        const provider = partners.get(p.providerId)?.partner;
        if (!provider) issue(['partners', i, 'providerId'], `no partner has id ${p.providerId}`);
        else if (provider.kind !== 'indirectProvider') issue(['partners', i, 'providerId'], `partner ${provider.id} (${provider.name}) is ${provider.kind}, not an indirectProvider`);
    });

    const knownPartner = (path: PropertyKey[], id: string) => {
        if (!partners.has(id)) issue(path, `no partner has id ${id}`);
    };
    // a repeat inside one customer is that customer's own problem (reported by its schema)
    const onceAcrossCustomers = (seen: Map<string, number>, id: string, i: number, path: PropertyKey[], what: string) => {
        const key = id.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else if (first !== i) issue(path, `${what} ${id} also belongs to customers[${first}]`);
    };
    const tenants = new Map<string, number>();
    const subscriptions = new Map<string, number>();
    const entitlements = new Map<string, number>();
    world.customers.forEach((c, i) => {
        const tenant = c.tenantId.toLowerCase();
        if (tenants.has(tenant)) issue(['customers', i, 'tenantId'], `tenant ${c.tenantId} is already customers[${tenants.get(tenant)}]`);
        else tenants.set(tenant, i);
        c.subscriptions.forEach((s, j) => {
            knownPartner(['customers', i, 'subscriptions', j, 'partnerId'], s.partnerId);
            onceAcrossCustomers(subscriptions, s.id, i, ['customers', i, 'subscriptions', j, 'id'], 'subscription');
        });
        c.directLicences?.forEach((l, j) => onceAcrossCustomers(subscriptions, l.id, i, ['customers', i, 'directLicences', j, 'id'], 'licence'));
        c.azure.entitlements.forEach((e, j) => onceAcrossCustomers(entitlements, e.id, i, ['customers', i, 'azure', 'entitlements', j, 'id'], 'Azure entitlement'));
        c.overage.forEach((r, j) => knownPartner(['customers', i, 'overage', j, 'partnerId'], r.partnerId));
    });
}
