// One attempt to deliver a partner's alerts to its webhook: the JSON body
// (the same bytes on every attempt of a delivery), signed with the partner's
// secret, POSTed with a timeout and without following redirects; the outcome
// recorded with the attempt. A partner without a webhook gets none.
import { ATTEMPT_HEADER, DELIVERY_ID_HEADER, SIGNATURE_HEADER, signatureOf } from '../../core/alerts/webhookSignature';
import { outcomeOfStatus } from '../../core/alerts/webhookRetry';
import type { WebhookAttempt } from '../../core/steps/alertSteps';
import type { Clock } from '../../core/clock';
import type { StateStore } from '../../adapters/state/stateStore';
import { readAlerts, type AlertDoc } from './alertStore';
import { webhookTimeoutMs, webhookUrlRefusal } from './alertConfig';
import { readWebhook, recordAttempt } from './webhookStore';

export interface AttemptRequest {
    partnerId: string;
    customerTenantId: string;
    alertIds: string[];
    deliveryId: string;
    attempt: number;
    retryAt: string | null;
}

export interface WebhookDeps {
    stateStore: StateStore;
    clock: Clock;
    env: Record<string, string | undefined>;
    fetch?: typeof fetch;
}

/** The body a receiver gets: what fired, with its figures. */
export function webhookBody(r: Pick<AttemptRequest, 'deliveryId' | 'partnerId' | 'customerTenantId'>, alerts: readonly AlertDoc[]): string {
    return JSON.stringify({
        type: 'usage-alerts',
        deliveryId: r.deliveryId,
        partnerId: r.partnerId,
        customerTenantId: r.customerTenantId,
        month: alerts[0]?.month ?? null,
        alerts: alerts.map((a) => ({ id: a.id, threshold: a.threshold, firedAt: a.firedAt, figures: a.figures })),
    });
}

export async function attemptWebhook(deps: WebhookDeps, r: AttemptRequest): Promise<WebhookAttempt> {
    const webhook = await readWebhook(deps.stateStore, r.partnerId);
    if (!webhook) return { outcome: 'no-webhook', status: null };
    const body = webhookBody(r, await readAlerts(deps.stateStore, r.partnerId, r.alertIds));
    const at = new Date(deps.clock.now()).toISOString();
    const started = performance.now(); // a duration: process time, not the app's clock
    const sent = await post(deps, webhook.url, body, {
        'content-type': 'application/json', 'user-agent': 'telco-overage-alerts',
        [SIGNATURE_HEADER]: signatureOf(webhook.secret, body), [DELIVERY_ID_HEADER]: r.deliveryId, [ATTEMPT_HEADER]: String(r.attempt),
    });
    const outcome = sent.unusable ? 'refused' : sent.status === null ? 'failed' : outcomeOfStatus(sent.status);
    await recordAttempt(deps.stateStore, {
        partnerId: r.partnerId, deliveryId: r.deliveryId, attempt: r.attempt, customerTenantId: r.customerTenantId, alertIds: r.alertIds, url: webhook.url, at,
        outcome, status: sent.status, error: sent.error, durationMs: Math.round(performance.now() - started), nextAttemptAt: outcome === 'failed' ? r.retryAt : null,
    });
    return { outcome, status: sent.status };
}

async function post(deps: WebhookDeps, url: string, body: string, headers: Record<string, string>): Promise<{ status: number | null; error: string | null; unusable?: true }> {
    const refusal = webhookUrlRefusal(url, deps.env);
    if (refusal) return { status: null, error: `the webhook URL ${refusal}`, unusable: true }; // allowed when set, not any more (a setting changed): trying again would not help
    try {
        const res = await (deps.fetch ?? fetch)(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(webhookTimeoutMs(deps.env)) });
        await res.body?.cancel().catch(() => undefined); // the answer's body is not read
        return { status: res.status, error: res.status >= 300 ? `the receiver answered ${res.status}` : null };
    } catch (err) {
        // a DOMException, not always an Error of this realm: known by its name
        const name = (err as { name?: unknown } | null)?.name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        return { status: null, error: timedOut ? `no answer within ${webhookTimeoutMs(deps.env)} ms` : `not reached: ${networkError(err)}` };
    }
}

function networkError(err: unknown): string {
    const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
