// What the fleet view holds per partner, customer and service: the readiness
// the sync (or a run's end) assessed, with the customer's name, the reseller
// it was sold through, who pays beyond the included minutes now and the last
// run. Partitioned by partner, so a partner's whole fleet is one partition.
import { z } from 'zod';
import { ReadinessBlocker, ReadinessState } from '../../core/domain/rules/readiness';
import { ServiceType } from '../../core/domain/subscription';

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
    /** When Microsoft's APIs were read for this assessment. */
    assessedAt: z.iso.datetime(),
    source: z.enum(['sync', 'run']),
});
export type ReadinessDoc = z.infer<typeof ReadinessDoc>;

export const readinessId = (customerTenantId: string, service: string) => `${customerTenantId.toLowerCase()}:${service}`;
