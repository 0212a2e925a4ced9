// What an enablement is asked to do and what it answers: the one schema behind
// the HTTP body, the Service Bus message, the orchestration input and output.
import { z } from 'zod';
import { Blocker, Warning } from '../domain/findings';
import { Caller } from '../domain/partner';
import { PartnerId } from '../domain/primitives';
import { AzureTarget } from '../domain/rules/azurePlan';
import { ServiceType } from '../domain/subscription';

export const EnablementBody = z.strictObject({
    service: ServiceType,
    azureEntitlementId: AzureTarget,
    subscriptionName: z.string().trim().min(1).max(64).optional(),
    waitForAutoRechargeOff: z.boolean().optional(),
    /** Two-tier sales: the indirect reseller an indirect provider acts for. */
    resellerPartnerId: z.string().regex(/^\S+$/).optional(),
});
export type EnablementBody = z.infer<typeof EnablementBody>;

/** How often and how long the orchestration polls and waits; from settings at start, so replay sees the same values. */
export const EnablementTiming = z.object({
    pollIntervalMs: z.number().int().positive(),
    pollTimeoutMs: z.number().int().positive(),
    autoRechargePollMs: z.number().int().positive(),
    autoRechargeWaitMs: z.number().int().positive(),
});
export type EnablementTiming = z.infer<typeof EnablementTiming>;

/** What every lifecycle run is started with. */
export const RunInput = z.object({
    customerTenantId: z.guid(),
    service: ServiceType,
    caller: Caller,
    requestedAt: z.iso.datetime(),
    timing: EnablementTiming,
    /** Partners that may read the run's audit trail (see shared/features/overage/audit.ts). */
    viewers: z.array(z.string()).min(1),
});
export type RunInput = z.infer<typeof RunInput>;

export const EnablementInput = RunInput.extend({ request: EnablementBody });
export type EnablementInput = z.infer<typeof EnablementInput>;

export const EnablementOutcome = z.object({
    result: z.enum(['enabled', 'blocked', 'refused']),
    azureEntitlementId: z.string().optional(),
    blockers: z.array(Blocker).optional(),
    warnings: z.array(Warning).optional(),
    postpaidActive: z.boolean(),
});
export type EnablementOutcome = z.infer<typeof EnablementOutcome>;

/** `resellerPartnerId`: two-tier, the indirect reseller whose overage the provider sets to None (Partner Center's `partnerId`). */
export const DisableInput = RunInput.extend({ resellerPartnerId: PartnerId.optional() });
export type DisableInput = z.infer<typeof DisableInput>;

export const DisableOutcome = z.object({
    result: z.enum(['disabled', 'refused']),
    blockers: z.array(Blocker).optional(),
});
export type DisableOutcome = z.infer<typeof DisableOutcome>;

/** The service the Partner Center-shaped and read endpoints are about (the only overage service type today). */
export const PHONE_SERVICES: ServiceType = 'PhoneServices';
