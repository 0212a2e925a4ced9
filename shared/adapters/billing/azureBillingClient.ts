// Azure billing through @azure/arm-billing: the partner's customers under its
// Microsoft Partner Agreement billing account (with their enabled Azure plans)
// and the customers' Azure subscriptions. Each call is bounded in time and
// retried by the app's one retry loop; what the SDK returns is checked
// against a schema, and its failures become our typed UpstreamErrors.
import { BillingManagementClient } from '@azure/arm-billing';
import type { TokenCredential } from '@azure/core-auth';
import { isRestError } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { UpstreamCall, UpstreamError, UpstreamHttpError, UpstreamNetworkError, UpstreamNotFoundError, UpstreamSchemaError, UpstreamTimeoutError } from '../../core/faults/upstreamErrors';
import { AttemptResult, RetryLimits, retrying } from '../http/retrying';
import { AttemptFailure, connectedWhenFailed, parseRetryAfter } from '../http/retryPolicy';
import type { TokenProvider } from '../identity/tokenProviders';
import { allowBearerOnLoopback } from './loopbackBearer';
import { ARM_SCOPE, ARM_URL } from './resourceManager';

export { ARM_SCOPE, ARM_URL };

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

export interface AzureBillingOptions extends Partial<RetryLimits> {
    baseUrl?: string;
    token: TokenProvider;
}

export class AzureBillingClient {
    private readonly client: BillingManagementClient;
    private readonly limits: RetryLimits;

    constructor(private readonly o: AzureBillingOptions) {
        // eslint-disable-next-line no-restricted-properties -- the SDK compares a token's expiry with Date.now: real time
        const credential: TokenCredential = { getToken: async (scopes) => ({ token: await o.token(Array.isArray(scopes) ? scopes[0] : scopes), expiresOnTimestamp: Date.now() + 5 * 60_000 }) };
        // the subscription id is unused by the billing-account operations we call; the SDK does not
        // retry, so the app's one retry loop (shared/adapters/http/retrying.ts) decides, as for every other call
        this.client = new BillingManagementClient(credential, '00000000-0000-0000-0000-000000000000', {
            endpoint: o.baseUrl ?? ARM_URL,
            retryOptions: { maxRetries: 0 },
        });
        allowBearerOnLoopback(this.client, o.baseUrl ?? ARM_URL, () => o.token(ARM_SCOPE));
        this.limits = { retries: o.retries ?? 3, budgetMs: o.budgetMs ?? 60_000, timeoutMs: o.timeoutMs ?? 20_000, backoffMs: o.backoffMs ?? 200, maxBackoffMs: o.maxBackoffMs ?? 10_000 };
    }

    /** One customer with its Azure plans (non-empty: it has one) and resellers. */
    customer(billingAccount: string, tenantId: string): Promise<BillingCustomer> {
        return this.call('GET customer', async (abortSignal) => {
            const raw = await this.client.customers.get(billingAccount, tenantId, { expand: 'enabledAzurePlans,resellers', abortSignal });
            return check('customer', BillingCustomer, { tenantId: raw.name, displayName: raw.displayName, enabledAzurePlans: raw.enabledAzurePlans ?? [], resellers: raw.resellers ?? [] });
        });
    }

    /** The customer's Azure subscriptions billed through the partner. */
    subscriptions(billingAccount: string, tenantId: string): Promise<CustomerSubscription[]> {
        return this.call('GET billingSubscriptions', async (abortSignal) => {
            const out: CustomerSubscription[] = [];
            for await (const s of this.client.billingSubscriptions.listByCustomer(billingAccount, tenantId, { abortSignal })) {
                out.push(check('billingSubscriptions', CustomerSubscription, { subscriptionId: s.subscriptionId, displayName: s.displayName, status: s.subscriptionBillingStatus }));
            }
            return out;
        });
    }

    private call<T>(what: string, fn: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
        const url = this.o.baseUrl ?? ARM_URL;
        return retrying(this.limits, true, async (attempts, timeoutMs): Promise<AttemptResult<T>> => {
            const call = { upstream: 'azure-billing', method: what.split(' ')[0], url: `${url} (${what})`, attempts };
            try {
                return { ok: await fn(AbortSignal.timeout(timeoutMs)) };
            } catch (err) {
                return failureOf(err, call, timeoutMs);
            }
        });
    }
}

function check<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UpstreamSchemaError({ upstream: 'azure-billing', method: 'GET', url: what, attempts: 1 }, 200, parsed.error.issues);
    return parsed.data;
}

/** The SDK's failure as the retry policy sees it, with our typed error. */
function failureOf(err: unknown, call: UpstreamCall, timeoutMs: number): { failure: AttemptFailure; error: UpstreamError } {
    if (err instanceof UpstreamError) return { failure: { kind: 'contract' }, error: err };
    // matched by name: under test runners the SDK's errors may come from another realm
    const name = (err as { name?: string } | null)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') return { failure: { kind: 'timeout' }, error: new UpstreamTimeoutError(call, timeoutMs) };
    if (isRestError(err) && err.statusCode) {
        const retryAfterMs = parseRetryAfter(err.response?.headers.get('retry-after') ?? null);
        const HttpError = err.statusCode === 404 ? UpstreamNotFoundError : UpstreamHttpError;
        return { failure: { kind: 'status', status: err.statusCode, retryAfterMs }, error: new HttpError(call, err.statusCode, err.message, err.details, retryAfterMs) };
    }
    return { failure: { kind: 'network', connected: connectedWhenFailed(err) }, error: new UpstreamNetworkError(call, err) };
}
