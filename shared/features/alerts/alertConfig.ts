// The alerts' settings, checked at start-up with the rest (features/config/appConfig.ts).
//   WEBHOOK_RETRY_BUDGET_MS      how long after its first attempt a webhook delivery may still be tried (default 6 h)
//   WEBHOOK_RETRY_FIRST_MS       the wait after the first failed attempt, doubling after each (default 30 s),
//   WEBHOOK_RETRY_MAX_MS         up to this (default 1 h)
//   WEBHOOK_TIMEOUT_MS           how long one attempt waits for the receiver's answer (default 10 s)
//   WEBHOOK_ALLOW_HTTP_LOCALHOST `true`: a webhook may be http:// on localhost/127.0.0.1/[::1] (local tests and
//                                demos reaching a receiver on the same machine); refused in Azure, where only https goes
import { z } from 'zod';
import { deploymentOf } from '../../core/deployment';
import type { RetryPolicy } from '../../core/alerts/webhookRetry';

const Ms = (max: number) => z.coerce.number().int().min(1).max(max);

export const alertEnv = z.object({
    WEBHOOK_RETRY_BUDGET_MS: z.coerce.number().int().min(0).max(7 * 24 * 3_600_000).default(6 * 3_600_000),
    WEBHOOK_RETRY_FIRST_MS: Ms(3_600_000).default(30_000),
    WEBHOOK_RETRY_MAX_MS: Ms(24 * 3_600_000).default(3_600_000),
    WEBHOOK_TIMEOUT_MS: Ms(120_000).default(10_000),
    WEBHOOK_ALLOW_HTTP_LOCALHOST: z.enum(['true', 'false']).default('false'),
    /** Set by Azure App Service: where http is never allowed. */
    WEBSITE_SITE_NAME: z.string().optional(),
}).refine((e) => !(e.WEBHOOK_ALLOW_HTTP_LOCALHOST === 'true' && e.WEBSITE_SITE_NAME), {
    path: ['WEBHOOK_ALLOW_HTTP_LOCALHOST'], message: 'must not be true in Azure: a webhook there is https only',
});

type Env = Record<string, string | undefined>;

export function webhookRetryPolicy(env: Env): RetryPolicy {
    const e = alertEnv.parse(env);
    return { budgetMs: e.WEBHOOK_RETRY_BUDGET_MS, firstMs: e.WEBHOOK_RETRY_FIRST_MS, maxMs: e.WEBHOOK_RETRY_MAX_MS };
}

export function webhookTimeoutMs(env: Env): number {
    return alertEnv.parse(env).WEBHOOK_TIMEOUT_MS;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a webhook URL is refused, or null when it may be used: https, or http to this machine when the setting allows it (never in Azure). */
export function webhookUrlRefusal(url: string, env: Env): string | null {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return 'is not an absolute URL';
    }
    if (u.username || u.password) return 'must not carry a user name or password (the signature authenticates the sender)';
    if (u.protocol === 'https:') return null;
    const localHttp = u.protocol === 'http:' && LOOPBACK.has(u.hostname) && deploymentOf(env) !== 'azure' && alertEnv.parse(env).WEBHOOK_ALLOW_HTTP_LOCALHOST === 'true';
    return localHttp ? null : 'must be https';
}
