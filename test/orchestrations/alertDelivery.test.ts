// alertDelivery run by the orchestration driver against stubbed steps, on a
// virtual clock: mails first, then the webhook; a 5xx or a network error is
// tried again with doubling waits until an attempt would start past the
// budget; a 4xx is never tried again; no webhook, no attempt.
import { alertDelivery } from '../../orchestrations/alert/alertDelivery';
import { AlertDeliveryInput, mailAlerts, postAlertWebhook, type WebhookAttempt } from '../../shared/core/steps/alertSteps';
import { answer, OrchestrationDriver } from '../helpers/orchestrationDriver';

const START = '2031-03-15T03:00:00.000Z';
const MIN = 60_000;
const input: AlertDeliveryInput = {
    partnerId: '1001', customerTenantId: '10000000-0000-4000-8000-000000000007', month: '2031-03',
    alertIds: ['10000000-0000-4000-8000-000000000007:2031-03:forecast-overage'], deliveryId: 'alertDelivery-e1-1001',
    retry: { budgetMs: 60 * MIN, firstMs: 5 * MIN, maxMs: 20 * MIN },
};

function run(webhook: (attempt: number) => WebhookAttempt) {
    return new OrchestrationDriver(alertDelivery, {
        instanceId: input.deliveryId, input, startAt: START, stepMs: 1000,
        steps: [
            answer(mailAlerts, () => ({ sent: ['partner'], failed: [] })),
            answer(postAlertWebhook, ({ attempt }) => webhook(attempt)),
        ],
    });
}

const attempts = (d: OrchestrationDriver) => d.calls.filter((c) => c.name === postAlertWebhook.name).map((c) => c.input as { attempt: number; retryAt: string | null });

test('a receiver failing with 5xx is tried at +5, +10, +20, +20 min after each failure, and no attempt starts past the hour', async () => {
    const d = await run(() => ({ outcome: 'failed', status: 503 })).finish();
    expect(d.status).toBe('Completed');
    const calls = d.calls.filter((c) => c.name === postAlertWebhook.name);
    const offsets = calls.map((c) => Math.round((Date.parse(c.at) - Date.parse(START)) / MIN));
    // the mail step takes a second of virtual time, each attempt one more: the waits are counted from each attempt's start
    expect(offsets).toEqual([0, 5, 15, 35, 55]);
    expect(calls.every((c) => Date.parse(c.at) <= Date.parse(START) + 1000 + 60 * MIN)).toBe(true);
    // each attempt is told when the next is due; the last, that none follows
    expect(attempts(d).map((a) => a.retryAt === null)).toEqual([false, false, false, false, true]);
    expect(d.output).toEqual({ mailed: ['partner'], webhook: 'failed', attempts: 5 });
    expect(d.stepNames[0]).toBe(mailAlerts.name);
});

test('a 4xx is the receiver\'s refusal: one attempt, no retry', async () => {
    const d = await run(() => ({ outcome: 'refused', status: 400 })).finish();
    expect(attempts(d)).toHaveLength(1);
    expect(d.output).toEqual({ mailed: ['partner'], webhook: 'refused', attempts: 1 });
});

test('a network error, then a 5xx, then delivered: three attempts and done', async () => {
    const d = await run((n) => (n === 1 ? { outcome: 'failed', status: null } : n === 2 ? { outcome: 'failed', status: 502 } : { outcome: 'delivered', status: 204 })).finish();
    expect(attempts(d).map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(d.output).toEqual({ mailed: ['partner'], webhook: 'delivered', attempts: 3 });
});

test('no webhook set: the mails only', async () => {
    const d = await run(() => ({ outcome: 'no-webhook', status: null })).finish();
    expect(d.output).toEqual({ mailed: ['partner'], webhook: 'no-webhook', attempts: 0 });
});

test('a budget of zero: one attempt, whatever it answers', async () => {
    const d = await new OrchestrationDriver(alertDelivery, {
        instanceId: input.deliveryId, input: { ...input, retry: { ...input.retry, budgetMs: 0 } }, startAt: START,
        steps: [answer(mailAlerts, () => ({ sent: [], failed: ['partner'] })), answer(postAlertWebhook, () => ({ outcome: 'failed' as const, status: 500 }))],
    }).finish();
    expect(d.output).toEqual({ mailed: [], webhook: 'failed', attempts: 1 });
});
