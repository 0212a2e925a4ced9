// The clients for Microsoft's APIs, acting for one agent: what activities and
// functions are handed (Dependencies.microsoft). Types only, and the settings
// they read: microsoftClientsFor.ts makes them.
import { z } from 'zod';
import type { AzureBillingClient } from './billing/azureBillingClient';
import type { SubscriptionAliases } from './billing/subscriptionAliases';
import type { CallRecords } from './callRecords/pstnCalls';
import type { CreditsClient } from './credits/creditsClient';
import type { Caller } from '../core/domain/partner';
import type { PartnerCenterClient } from './partnerCenter/partnerCenterClient';
import type { TenantLicences } from './tenantLicences/tenantLicences';
import type { TenantPoliciesClient } from './tenantPolicies/tenantPoliciesClient';

export const microsoftEnv = z.object({
    PARTNER_CENTER_URL: z.url().optional(),
    ARM_URL: z.url().optional(),
    GRAPH_URL: z.url().optional(),
    CREDITS_API_URL: z.url().optional(),
    LOCAL_HOST_URL: z.url().optional(),
    AZURE_TENANT_ID: z.string().optional(),
    AZURE_CLIENT_ID: z.string().optional(),
    AZURE_CLIENT_SECRET: z.string().optional(),
    PARTNER_APP_CLIENT_ID: z.string().optional(),
    SYNC_READ_BUDGET_MS: z.coerce.number().int().positive().default(10_000),
});

/**
 * How long one call to Microsoft may take, its retries and their waits
 * included. A run's step may wait a minute; a person at an HTTP request gets
 * an answer (or a 503/504 with Retry-After) within SYNC_READ_BUDGET_MS.
 */
export type CallBudget = 'run' | 'request';

export interface MicrosoftClients {
    partnerCenter: PartnerCenterClient;
    /** Azure billing (@azure/arm-billing): a customer's Azure plan and its subscriptions. */
    billing: AzureBillingClient;
    aliases: SubscriptionAliases;
    credits: CreditsClient;
    policies: TenantPoliciesClient;
    /** Microsoft Graph's PSTN call log of a customer, read with the app's own consent in its tenant. */
    callRecords: CallRecords;
    /** The licences the customer's tenant holds, whoever sold them (Graph subscribedSkus): the accrual's pools. */
    licences: TenantLicences;
    billingAccount(partnerId: string): string;
}

/** Microsoft's APIs as one caller, within a budget: what activities and functions are handed (Dependencies.microsoft). */
export type MicrosoftClientsOf = (caller: Caller, budget?: CallBudget) => MicrosoftClients;
