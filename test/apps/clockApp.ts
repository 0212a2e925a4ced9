// A test app for the host's clock: what each kind of function sees as now.
// Ordinary @azure/functions + durable-functions code that reads the app's
// clock (shared/core/clock.ts) where the product does.
import { app, InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { OrchestrationContext } from 'durable-functions';
import { isoNow } from '../../shared/core/clock';

export const seen = {
    timers: [] as Array<{ isPastDue: boolean; at: string; last: string; next: string }>,
    messages: [] as Array<{ body: unknown; enqueuedTimeUtc: unknown; at: string }>,
    /** Deliveries of 'slow-jobs' messages, which are held until the test releases them. */
    slowJobs: [] as Array<{ body: unknown; deliveryCount: unknown }>,
    held: [] as Array<() => void>,
};

app.http('now', { methods: ['GET'], handler: async () => ({ jsonBody: { now: isoNow() } }) });

// the monthly accrual's schedule: 02:00 UTC on the 1st
app.timer('monthly', {
    schedule: '0 0 2 1 * *',
    handler: async (timer: Timer) => {
        seen.timers.push({ isPastDue: timer.isPastDue, at: isoNow(), last: timer.scheduleStatus.last, next: timer.scheduleStatus.next });
    },
});

app.serviceBusQueue('reminder', {
    queueName: 'reminders', connection: 'ServiceBusConnection',
    handler: async (message: unknown, ctx: InvocationContext) => {
        seen.messages.push({ body: message, enqueuedTimeUtc: ctx.triggerMetadata?.enqueuedTimeUtc, at: isoNow() });
    },
});

/** Holds each message until the test calls its `held` release. */
app.serviceBusQueue('slowJob', {
    queueName: 'slow-jobs', connection: 'ServiceBusConnection',
    handler: async (message: unknown, ctx: InvocationContext) => {
        seen.slowJobs.push({ body: message, deliveryCount: ctx.triggerMetadata?.deliveryCount });
        await new Promise<void>((release) => seen.held.push(release));
    },
});

/** Waits `waitMs` on a durable timer; says when it started and when the timer fired. */
df.app.orchestration('deadline', function* (ctx: OrchestrationContext) {
    const { waitMs } = ctx.df.getInput() as { waitMs: number };
    const started = ctx.df.currentUtcDateTime.toISOString();
    yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + waitMs));
    return { started, fired: ctx.df.currentUtcDateTime.toISOString() };
});

/** Waits for the event 'Go'; says when it started and when it went on. */
df.app.orchestration('awaitGo', function* (ctx: OrchestrationContext) {
    const started = ctx.df.currentUtcDateTime.toISOString();
    yield ctx.df.waitForExternalEvent('Go');
    return { started, went: ctx.df.currentUtcDateTime.toISOString() };
});

let tries = 0;
/** Fails its first call of each pair: the retry policy calls it again. */
df.app.activity('failsFirst', { handler: () => { if (tries++ % 2 === 0) throw new Error('not this time'); return 'done'; } });

/** Waits for 'Go', then calls an activity that fails once, retried a second later. */
df.app.orchestration('retryAfterGo', function* (ctx: OrchestrationContext) {
    yield ctx.df.waitForExternalEvent('Go');
    return yield ctx.df.callActivityWithRetry('failsFirst', new df.RetryOptions(1000, 2), null);
});

df.app.client.http('startOrchestration', {
    route: 'start/{name}', methods: ['POST'],
    handler: async (req, client) => {
        const id = await client.startNew(req.params.name, { input: await req.json() });
        return client.createCheckStatusResponse(req, id);
    },
});
