// What the fleet view holds per partner, customer and service: the readiness
// the sync (or a run's end) assessed, with the customer's name, the reseller
// it was sold through, who pays beyond the included minutes now, the last
// run and the usage pull's state. Partitioned by partner, so a partner's
// whole fleet is one partition.
import { z } from 'zod';
import { ReadinessBlocker, ReadinessState } from '../../core/domain/rules/readiness';
import { ServiceType } from '../../core/domain/subscription';

/** A customer's usage pull state (shared/features/usage/pull), as the fleet shows it; `not-pulled` before the first pull. */
export const USAGE_STATES = ['ok', 'consent-missing', 'failed', 'not-pulled'] as const;
export const FleetUsage = z.object({
    state: z.enum(USAGE_STATES),
    /** Every call that started before this instant is in; null before the first window committed. */
    lastPulledThrough: z.iso.datetime().nullable(),
    /** When the last pull ended. */
    checkedAt: z.iso.datetime().nullable(),
    /** failed: the fault's code. */
    faultCode: z.string().optional(),
});
export type FleetUsage = z.infer<typeof FleetUsage>;

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
/**
 * The month's overage forecast for this row's partner (its own lines, as GET
 * .../accruals/current shows it), written after each usage import or pull of
 * the customer; `month` says which month it is about.
 */
export const FleetForecast = z.object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    currency: z.string(),
    overageAmount: z.object({ expected: Decimal, low: Decimal, high: Decimal }),
    /** The month to date's last call included. */
    asOf: z.string().nullable(),
    /** When it was worked out (the app's clock). */
    at: z.iso.datetime(),
});
export type FleetForecast = z.infer<typeof FleetForecast>;

export const ReadinessDoc = z.object({
    /** `<customerTenantId>:<service>` */
    id: z.string(),
    partnerId: z.string(),
    customerTenantId: z.guid(),
    service: ServiceType,
    name: z.string(),
    /** For an indirect provider: the indirect reseller the customer was sold through. */
    reseller: z.object({ partnerId: z.string(), name: z.string().nullable() }).nullable(),
    state: ReadinessState,
    blockers: z.array(ReadinessBlocker),
    payerNow: z.enum(['credits', 'overage', 'nobody']),
    postpaidActive: z.boolean(),
    overage: z.object({ enabled: z.boolean(), partnerId: z.string(), azureEntitlementId: z.string().nullable() }).nullable(),
    lastRun: z.object({
        id: z.string(), kind: z.enum(['enable', 'disable', 'handover']), status: z.enum(['running', 'completed', 'failed', 'cancelled']),
        result: z.string().nullable(), at: z.iso.datetime(),
    }).nullable(),
    /** The usage pull's state, kept by the assessment and by every pull's end (absent on rows assessed before it was kept). */
    usage: FleetUsage.optional(),
    /** The month's overage forecast, kept by every usage import and pull (absent before the customer's first). */
    forecast: FleetForecast.optional(),
    /** When Microsoft's APIs were read for this assessment. */
    assessedAt: z.iso.datetime(),
    source: z.enum(['sync', 'run', 'refresh']),
});
export type ReadinessDoc = z.infer<typeof ReadinessDoc>;

export const readinessId = (customerTenantId: string, service: string) => `${customerTenantId.toLowerCase()}:${service}`;
