// The monthly accrual's contracts: a call as the rating reads it (normalised
// from the PSTN usage report or Graph's getPstnCalls), what the rating of one
// customer-month is given, and what it answers. Money leaves as decimal
// strings (at most 6 decimals for unit prices, 4 for totals), never as
// binary floating point.
import { z } from 'zod';
import { CallingPlanKind } from '../domain/subscription';
import { MicrosoftChargeCheck } from './chargeCheckModel';

/** The calling plans of the licenses (the domain's own enum). */
export const PlanKind = CallingPlanKind;
export type PlanKind = CallingPlanKind;

/**
 * Who supplied a row (docs/domain.md "Usage has an owner"): the partner that
 * imported it, or Microsoft, whose own records (Graph getPstnCalls) are the
 * reference. A partner's rows count only while that partner's setting is in force.
 */
export type UsageSource = { kind: 'partner'; partnerId: string } | { kind: 'microsoft' };

/** One PSTN call, normalised at import (see shared/usage). */
export interface UsageCall {
    usageId: string;
    /** Start Time, epoch milliseconds (UTC). */
    start: number;
    /** The report's Call Type, lower case: user_out, conf_out, user_in, … */
    callType: string;
    /** Number Type says toll-free (toll_free, tollfree, toll-free, any case). */
    tollFree: boolean;
    /** The Domestic/International column: true for International, false for Domestic, null when blank. */
    international: boolean | null;
    /** ISO 3166 alpha-2 of Destination Dialed (mapped from an English name when needed); null when absent. */
    destination: string | null;
    /** ISO 3166 alpha-2 of User Location; null when absent. */
    userLocation: string | null;
    durationSeconds: number;
    /** ISO 4217 of the row. */
    currency: string;
    /** The license capability, upper case (MCOPSTN1, MCOMEETADD, …). */
    capability: string;
    /** Who supplied it; stored calls always say (shared/usage). A call without one is rated as Microsoft's record. */
    source?: UsageSource;
    /**
     * What Microsoft charged for the call, as its own record says (rows pulled from Graph; uploaded or queued rows
     * with the report's Charge and Connection Fee): compared with the rating (chargeCheck.ts), never rated with.
     */
    charges?: MicrosoftCharges;
}

/**
 * Microsoft's price of a call in the call's `currency`: Graph's `charge` and
 * `connectionCharge` as the decimal text of the numbers it sent (null when it
 * sent none). Text, so no binary rounding comes between Microsoft's figure and
 * whoever compares it with the rating.
 */
export interface MicrosoftCharges {
    charge: string | null;
    connectionCharge: string | null;
}

/** The configurable tables of the rating (defaults in shared/core/rating/ratingRules.ts, settings documented in the README). */
export interface RatingRules {
    /** Call types billed as outbound user calls (`Teams Calling`). */
    outboundCallTypes: readonly string[];
    /** Call types billed as conference dial-out (`Teams Audio Conferencing`). */
    dialOutCallTypes: readonly string[];
    /** Capability → plan kind. */
    capabilityPlans: Readonly<Record<string, PlanKind>>;
    /** Countries of Zone A: conference dial-out there is covered by audioConferencing pools. */
    zoneA: readonly string[];
}

/** The overage setting in force from `from` on (epoch ms; -Infinity for a setting adopted from Partner Center). */
export interface SettingInForce {
    from: number;
    overageEnabled: boolean;
    partnerId: string;
    /** Two-tier sales: the reseller whose customer it is (ResellerMPNID). */
    resellerId?: string;
    azureEntitlementId: string | null;
}

export interface RatingInput {
    customerTenantId: string;
    customerName: string;
    /** `YYYY-MM` (UTC). */
    month: string;
    /** Included minutes per (country, plan kind), from the licenses held at month end. */
    pools: Array<{ country: string; plan: PlanKind; minutes: number }>;
    /**
     * Where the pools come from: the customer's tenant (rule 6), or, when the tenant could not be read,
     * the licences the served partners see in Partner Center, which makes the month `incomplete`.
     * Absent: not said (the result says nothing either).
     */
    poolSource?: PoolSource;
    /** The licences behind the pools, shown with the month. */
    poolLicences?: PoolLicences[];
    /** Every rate card of the deployment; a call is priced by the card of its currency in force at its start. */
    rateCards: Array<{ currency: string; effectiveFrom: string; rates: Array<{ meterId: string; meterName: string; meterCategory: string; destination: string; perMinute: number | string; connectionFee: number | string }> }>;
    /** Communications Credits at the start of the month; null when the customer has none. */
    credits: { opening: string; currency: string; autoRecharge: { threshold: string; amount: string } | null } | null;
    /** Sorted by `from`. */
    settings: SettingInForce[];
    rules: RatingRules;
    /** Warnings found while gathering the input (opening balance not recorded, setting adopted, …); passed through to the result. */
    warnings: string[];
}

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

export const PoolSource = z.enum(['tenant', 'partnerCenter']);
export type PoolSource = z.infer<typeof PoolSource>;

/** Licences behind a pool (tenantPools.ts). */
export const PoolLicences = z.object({
    /** The tenant's SKU part number, or Partner Center's offer name when the tenant could not be read. */
    sku: z.string(),
    /** The capability it counts as (MCOPSTN1, MCOMEETADD, …); null for Partner Center's subscriptions. */
    capability: z.string().nullable(),
    plan: PlanKind,
    country: z.string(),
    licences: z.number().int(),
    minutesPerLicence: z.number().int(),
    /** Where the country came from: the usage location of the users holding the licences, Partner Center's catalog of the served partners' subscriptions, or the customer's billing address. */
    countryFrom: z.enum(['usageLocation', 'partnerCenter', 'customer']),
});
export type PoolLicences = z.infer<typeof PoolLicences>;

/** One reconciliation line (Partner Center's daily rated usage columns, subset). */
export const ReconciliationLine = z.object({
    /** Deterministic: the same month rated again yields the same ids. */
    id: z.string(),
    PartnerId: z.string(),
    CustomerId: z.string(),
    CustomerName: z.string(),
    ResellerMPNID: z.string(),
    SubscriptionId: z.string(),
    EntitlementId: z.string(),
    ChargeStartDate: z.string(),
    ChargeEndDate: z.string(),
    UsageDate: z.string(),
    MeterCategory: z.string(),
    MeterSubCategory: z.string(),
    MeterName: z.string(),
    MeterId: z.string(),
    Unit: z.string(),
    UnitPrice: Decimal,
    EffectiveUnitPrice: Decimal,
    Quantity: Decimal,
    BillingPreTaxTotal: Decimal,
    BillingCurrency: z.string(),
    ChargeType: z.literal('usage'),
    PartnerEarnedCreditPercentage: z.literal(0),
    ResourceGroup: z.literal('M365'),
    Tags: z.string(),
});
export type ReconciliationLine = z.infer<typeof ReconciliationLine>;

/** The column order of the reconciliation CSV. */
export const RECONCILIATION_COLUMNS = Object.keys(ReconciliationLine.shape).filter((k) => k !== 'id') as Array<Exclude<keyof ReconciliationLine, 'id'>>;

export const AccrualResult = z.object({
    month: z.string(),
    customerTenantId: z.string(),
    currency: z.string(),
    /** `incomplete`: a billable call had no rate (missingRates), or the pools could not be read from the tenant (poolSource). */
    status: z.enum(['complete', 'incomplete']),
    /** `"<CC>/<plan>"` → included and used minutes. */
    poolMinutes: z.record(z.string(), z.object({ included: z.number().int(), used: z.number().int() })),
    /** `tenant`: the pools count every licence of the customer's tenant; `partnerCenter`: only those the served partners see (the tenant could not be read: the month is incomplete). Absent in months rated before it was kept. */
    poolSource: PoolSource.optional(),
    /** The licences behind the pools. */
    poolLicences: z.array(PoolLicences).optional(),
    /** Minutes priced (beyond the pools, or never covered). */
    billableMinutes: z.number().int(),
    creditsOpening: Decimal,
    creditsUsed: Decimal,
    /** Auto-recharges bought during the month. */
    recharges: z.number().int(),
    /** The month's credits ran out (mail the customer). */
    creditsExhausted: z.boolean(),
    overageAmount: Decimal,
    refusedCalls: z.number().int(),
    refusedAmount: Decimal,
    /** Billable calls without a rate: each makes the month incomplete. */
    missingRates: z.array(z.object({ currency: z.string(), meterCategory: z.string(), destination: z.string(), calls: z.number().int() })),
    /** Microsoft's own charge for the month's calls beside the app's rating of them (chargeCheck.ts). Absent in months rated before it was kept. */
    microsoftCharge: MicrosoftChargeCheck.optional(),
    warnings: z.array(z.string()),
    /** Warnings about one partner's own rows (left out of its bill): shown to that partner only. */
    partnerWarnings: z.record(z.string(), z.array(z.string())),
    lines: z.array(ReconciliationLine),
});
export type AccrualResult = z.infer<typeof AccrualResult>;
