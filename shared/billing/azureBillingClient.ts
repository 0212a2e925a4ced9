// Azure billing through @azure/arm-billing: the partner's customers under its
// Microsoft Partner Agreement billing account (with their enabled Azure plans)
// and the customers' Azure subscriptions. The SDK retries throttling and
// server errors itself; we bound each call in time, check what it returned
// against a schema, and turn its failures into our typed UpstreamErrors.
import { BillingManagementClient } from '@azure/arm-billing';
import type { TokenCredential } from '@azure/core-auth';
import { isRestError } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { UpstreamError, UpstreamHttpError, UpstreamNetworkError, UpstreamNotFoundError, UpstreamSchemaError, UpstreamTimeoutError } from '../http';
import type { TokenProvider } from '../identity/tokenProviders';
import { allowBearerOnLoopback } from './loopbackBearer';

export const ARM_URL = 'https://management.azure.com';
export const ARM_SCOPE = 'https://management.azure.com/.default';

export const BillingCustomer = z.object({
    tenantId: z.string().min(1),
    displayName: z.string(),
    /** Non-empty when the customer has an Azure plan. */
    enabledAzurePlans: z.array(z.object({ skuId: z.string(), skuDescription: z.string().optional() })),
    resellers: z.array(z.object({ resellerId: z.string(), description: z.string().optional() })),
});
export type BillingCustomer = z.infer<typeof BillingCustomer>;

export const CustomerSubscription = z.object({
    subscriptionId: z.string().min(1),
    displayName: z.string(),
    status: z.string(),
});
export type CustomerSubscription = z.infer<typeof CustomerSubscription>;

export interface AzureBillingOptions {
    baseUrl?: string;
    token: TokenProvider;
    timeoutMs?: number;
    retries?: number;
    retryDelayMs?: number;
}

export class AzureBillingClient {
    private readonly client: BillingManagementClient;
    private readonly timeoutMs: number;

    constructor(private readonly o: AzureBillingOptions) {
        const credential: TokenCredential = { getToken: async (scopes) => ({ token: await o.token(Array.isArray(scopes) ? scopes[0] : scopes), expiresOnTimestamp: Date.now() + 5 * 60_000 }) };
        // the subscription id is unused by the billing-account operations we call
        this.client = new BillingManagementClient(credential, '00000000-0000-0000-0000-000000000000', {
            endpoint: o.baseUrl ?? ARM_URL,
            retryOptions: { maxRetries: o.retries ?? 4, retryDelayInMs: o.retryDelayMs ?? 500, maxRetryDelayInMs: 10_000 },
        });
        allowBearerOnLoopback(this.client, o.baseUrl ?? ARM_URL, () => o.token(ARM_SCOPE));
        this.timeoutMs = o.timeoutMs ?? 30_000;
    }

    /** One customer with its Azure plans and resellers. */
    async customer(billingAccount: string, tenantId: string): Promise<BillingCustomer> {
        const raw = await this.call('GET customer', () => this.client.customers.get(billingAccount, tenantId, { expand: 'enabledAzurePlans,resellers', abortSignal: AbortSignal.timeout(this.timeoutMs) }));
        return check('customer', BillingCustomer, { tenantId: raw.name, displayName: raw.displayName, enabledAzurePlans: raw.enabledAzurePlans ?? [], resellers: raw.resellers ?? [] });
    }

    async customers(billingAccount: string): Promise<BillingCustomer[]> {
        return this.call('GET customers', async () => {
            const out: BillingCustomer[] = [];
            for await (const c of this.client.customers.listByBillingAccount(billingAccount, { abortSignal: AbortSignal.timeout(this.timeoutMs) })) {
                out.push(check('customers', BillingCustomer, { tenantId: c.name, displayName: c.displayName, enabledAzurePlans: c.enabledAzurePlans ?? [], resellers: c.resellers ?? [] }));
            }
            return out;
        });
    }

    /** The customer's Azure subscriptions billed through the partner. */
    async subscriptions(billingAccount: string, tenantId: string): Promise<CustomerSubscription[]> {
        return this.call('GET billingSubscriptions', async () => {
            const out: CustomerSubscription[] = [];
            for await (const s of this.client.billingSubscriptions.listByCustomer(billingAccount, tenantId, { abortSignal: AbortSignal.timeout(this.timeoutMs) })) {
                out.push(check('billingSubscriptions', CustomerSubscription, { subscriptionId: s.subscriptionId, displayName: s.displayName, status: s.subscriptionBillingStatus }));
            }
            return out;
        });
    }

    private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
        try {
            return await fn();
        } catch (err) {
            throw toUpstreamError(err, what, this.o.baseUrl ?? ARM_URL, this.timeoutMs);
        }
    }
}

function check<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UpstreamSchemaError({ upstream: 'azure-billing', method: 'GET', url: what, attempts: 1 }, 200, parsed.error.issues);
    return parsed.data;
}

function toUpstreamError(err: unknown, what: string, url: string, timeoutMs: number): unknown {
    if (err instanceof UpstreamError) return err;
    const call = { upstream: 'azure-billing', method: what.split(' ')[0], url: `${url} (${what})`, attempts: 1 };
    // matched by name: under test runners the SDK's errors may come from another realm
    const name = (err as { name?: string } | null)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') return new UpstreamTimeoutError(call, timeoutMs);
    if (isRestError(err)) {
        if (err.statusCode === 404) return new UpstreamNotFoundError(call, 404, err.message, err.details);
        if (err.statusCode) return new UpstreamHttpError(call, err.statusCode, err.message, err.details);
        return new UpstreamNetworkError(call, err);
    }
    return err;
}
