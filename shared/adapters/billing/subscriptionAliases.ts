// Creating an Azure subscription for a partner's customer: PUT
// Microsoft.Subscription/aliases/{name} (answered Accepted), then poll until
// Succeeded. The alias name is the idempotency key: a repeated PUT of the same
// name returns the same subscription, so callers derive it from something
// stable (e.g. the orchestration instance id) and a retry never creates two.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { createJsonClient, JsonClient, JsonClientOptions } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import { ARM_SCOPE, ARM_URL } from './azureBillingClient';

const API_VERSION = '2021-10-01';

export const AliasResponse = z.object({
    id: z.string(),
    name: z.string(),
    properties: z.object({
        provisioningState: z.enum(['Accepted', 'Succeeded', 'Failed']),
        subscriptionId: z.string().optional(),
    }),
});
export type AliasResponse = z.infer<typeof AliasResponse>;

export interface NewSubscription {
    aliasName: string;
    displayName: string;
    /** `/providers/Microsoft.Billing/billingAccounts/{account}/customers/{customer}` */
    billingScope: string;
    workload?: 'Production' | 'DevTest';
    /** Two-tier: the indirect reseller the subscription is for. */
    resellerId?: string;
}

export class SubscriptionAliasFailedError extends Error {
    readonly code = 'subscription-creation-failed';
}

export interface SubscriptionAliasesOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs'> {
    baseUrl?: string;
    token: TokenProvider;
    /** How often and how long to poll an Accepted alias. */
    pollIntervalMs?: number;
    pollTimeoutMs?: number;
}

export class SubscriptionAliases {
    private readonly http: JsonClient;

    constructor(private readonly o: SubscriptionAliasesOptions) {
        this.http = createJsonClient({ ...o, name: 'azure-subscriptions', baseUrl: o.baseUrl ?? ARM_URL, token: () => o.token(ARM_SCOPE) });
    }

    /** Puts the alias (idempotent). The answer may still be Accepted. */
    async put(s: NewSubscription): Promise<AliasResponse> {
        const body = { properties: { displayName: s.displayName, workload: s.workload ?? 'Production', billingScope: s.billingScope, ...(s.resellerId ? { resellerId: s.resellerId } : {}) } };
        return (await this.http.request('PUT', this.path(s.aliasName), { schema: AliasResponse, body, query: { 'api-version': API_VERSION }, expect: [200, 201] })).data;
    }

    async get(aliasName: string): Promise<AliasResponse> {
        return (await this.http.request('GET', this.path(aliasName), { schema: AliasResponse, query: { 'api-version': API_VERSION } })).data;
    }

    /** Creates (or finds) the subscription and waits for it: its subscription id. */
    async create(s: NewSubscription): Promise<string> {
        let alias = await this.put(s);
        // eslint-disable-next-line no-restricted-properties -- how long to poll is a duration: process time
        const deadline = Date.now() + (this.o.pollTimeoutMs ?? 5 * 60_000);
        while (alias.properties.provisioningState === 'Accepted') {
            // eslint-disable-next-line no-restricted-properties -- how long to poll is a duration: process time
            if (Date.now() > deadline) throw new SubscriptionAliasFailedError(`Subscription alias ${s.aliasName} is still being created after ${this.o.pollTimeoutMs ?? 300_000} ms.`);
            await sleep(this.o.pollIntervalMs ?? 2000);
            alias = await this.get(s.aliasName);
        }
        if (alias.properties.provisioningState === 'Failed' || !alias.properties.subscriptionId) {
            throw new SubscriptionAliasFailedError(`Azure could not create subscription ${s.displayName} (alias ${s.aliasName}).`);
        }
        return alias.properties.subscriptionId;
    }

    private path(aliasName: string): string {
        return `/providers/Microsoft.Subscription/aliases/${encodeURIComponent(aliasName)}`;
    }
}

export function customerBillingScope(billingAccount: string, tenantId: string): string {
    return `/providers/Microsoft.Billing/billingAccounts/${billingAccount}/customers/${tenantId}`;
}
