// What a bulk enablement job is asked: its customers, named (1 to 10,000
// tenant ids, duplicates dropped) or chosen by a readiness filter at the time
// of asking, plus the enablement options each customer's run gets. The one
// schema behind POST /api/jobs/enablements, the bulk Service Bus message and
// the OpenAPI document.
import { z } from 'zod';
import { ServiceType } from '../../core/domain/subscription';
import { JobOptions } from '../../core/steps/jobSteps';
import { ReadinessFilter } from '../readiness/readinessStore';

export const MAX_JOB_CUSTOMERS = 10_000;

export const EnablementJobBody = z.strictObject({
    /** The customers' tenant ids, in the order their runs start. */
    customers: z.array(z.guid()).min(1).max(MAX_JOB_CUSTOMERS).optional(),
    /** Every customer of the partner's fleet view that matches, in name order (resolved when the job is asked for). */
    filter: ReadinessFilter.optional(),
    service: ServiceType.default('PhoneServices'),
    azureEntitlementId: z.literal('new', { error: 'a bulk job cannot name one subscription for many customers: leave it out or send "new" (each customer gets a subscription of its own)' }).default('new'),
    subscriptionName: z.string().trim().min(1).max(64).optional(),
    waitForAutoRechargeOff: z.boolean().optional(),
}).refine((b) => (b.customers === undefined) !== (b.filter === undefined), {
    message: 'send either "customers" (tenant ids) or "filter" (e.g. {"state":"ready"}), not both and not neither', path: ['customers'],
});
export type EnablementJobBody = z.infer<typeof EnablementJobBody>;

/** The options every customer's run of the job is asked. */
export function jobOptions(body: EnablementJobBody): JobOptions {
    return {
        service: body.service, azureEntitlementId: body.azureEntitlementId,
        ...(body.subscriptionName !== undefined ? { subscriptionName: body.subscriptionName } : {}),
        ...(body.waitForAutoRechargeOff !== undefined ? { waitForAutoRechargeOff: body.waitForAutoRechargeOff } : {}),
    };
}

/** The named customers, lower case, each once, in the order first named. */
export function namedCustomers(body: EnablementJobBody): string[] {
    return [...new Set((body.customers ?? []).map((c) => c.toLowerCase()))];
}
