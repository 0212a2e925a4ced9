// A test app exercising every durable feature the host serves. Ordinary
// @azure/functions + durable-functions code, nothing host-specific.
import { app, HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { OrchestrationContext } from 'durable-functions';

/** Test knobs, shared with the tests through the module. */
export const knobs = { flakyFailuresLeft: 0, variant: 1, calls: new Map<string, number>() };
const count = (name: string) => knobs.calls.set(name, (knobs.calls.get(name) ?? 0) + 1);

df.app.activity('double', { handler: (n: number) => { count('double'); return n * 2; } });
df.app.activity('hello', { handler: (name: string) => `Hello ${name}` });
df.app.activity('helloV2', { handler: (name: string) => `Hi ${name}` });
df.app.activity('flaky', {
    handler: (n: number) => {
        count('flaky');
        if (knobs.flakyFailuresLeft-- > 0) throw new Error('transient fault');
        return n + 1;
    },
});
df.app.activity('boom', { handler: () => { throw new Error('kaboom'); } });

df.app.orchestration('sequence', function* (ctx: OrchestrationContext) {
    count('sequence:runs'); // once per replay from the start; a kept session runs on instead
    const names = ctx.df.getInput() as string[];
    const out: string[] = [];
    for (const n of names) out.push(yield ctx.df.callActivity('hello', n));
    ctx.df.setCustomStatus({ step: 'done', count: out.length });
    return out;
});

df.app.orchestration('fanOut', function* (ctx: OrchestrationContext) {
    const n = ctx.df.getInput() as number;
    const results: number[] = yield ctx.df.Task.all(Array.from({ length: n }, (_, i) => ctx.df.callActivity('double', i + 1)));
    return results.reduce((a, b) => a + b, 0);
});

df.app.orchestration('approval', function* (ctx: OrchestrationContext) {
    const { timeoutMs } = ctx.df.getInput() as { timeoutMs: number };
    ctx.df.setCustomStatus({ waitingFor: 'Approval' });
    const deadline = new Date(ctx.df.currentUtcDateTime.getTime() + timeoutMs);
    const timer = ctx.df.createTimer(deadline);
    const approval = ctx.df.waitForExternalEvent('Approval');
    const winner = yield ctx.df.Task.any([approval, timer]);
    if (winner === approval) {
        timer.cancel();
        return { decision: (approval.result as { approved: boolean }).approved ? 'approved' : 'rejected' };
    }
    return { decision: 'expired' };
});

df.app.orchestration('retrying', function* (ctx: OrchestrationContext) {
    const retry = new df.RetryOptions(50, 3);
    retry.backoffCoefficient = 2;
    try {
        return yield ctx.df.callActivityWithRetry('flaky', retry, 1);
    } catch (err) {
        return { gaveUp: (err as Error).message.includes('transient fault') };
    }
});

df.app.orchestration('child', function* (ctx: OrchestrationContext) {
    const n = ctx.df.getInput() as number;
    const d: number = yield ctx.df.callActivity('double', n);
    return { n, doubled: d, parent: ctx.df.parentInstanceId };
});

df.app.orchestration('parent', function* (ctx: OrchestrationContext) {
    const a = yield ctx.df.callSubOrchestrator('child', 5);
    const b = yield ctx.df.callSubOrchestrator('child', 7, `${ctx.df.instanceId}-second`);
    let caught: string | undefined;
    try {
        yield ctx.df.callActivity('boom');
    } catch (err) {
        caught = (err as Error).message;
    }
    return { a, b, caught: caught?.includes('kaboom') };
});

df.app.orchestration('counter', function* (ctx: OrchestrationContext) {
    const s = ctx.df.getInput() as { n: number; max: number };
    ctx.df.setCustomStatus({ n: s.n });
    if (s.n < s.max) {
        yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 10));
        ctx.df.continueAsNew({ n: s.n + 1, max: s.max });
        return undefined;
    }
    return `counted to ${s.n}`;
});

df.app.orchestration('failing', function* (ctx: OrchestrationContext) {
    yield ctx.df.callActivity('boom');
    return 'unreachable';
});

/** Throws from its own code after one step: a failed episode with the orchestrator's error. */
df.app.orchestration('throwing', function* (ctx: OrchestrationContext) {
    yield ctx.df.callActivity('hello', 'x');
    throw new Error('no entitlement to bill overage to');
});

/** Its first step depends on `knobs.variant`: changing it mid-flight is a determinism violation. */
df.app.orchestration('changing', function* (ctx: OrchestrationContext) {
    const first: string = yield ctx.df.callActivity(knobs.variant === 1 ? 'hello' : 'helloV2', 'x');
    yield ctx.df.waitForExternalEvent('Go');
    return first;
});

df.app.orchestration('waitForever', function* (ctx: OrchestrationContext) {
    yield ctx.df.waitForExternalEvent('Never');
    return 'woke';
});

df.app.activity('echo', { handler: (v: unknown) => v });

/** Values taken before the first yield are recorded by an activity, then recomputed on replay. */
df.app.orchestration('deterministicValues', function* (ctx: OrchestrationContext) {
    const before = { now: ctx.df.currentUtcDateTime.toISOString(), guid: ctx.df.newGuid(ctx.df.instanceId) };
    const recorded: unknown = yield ctx.df.callActivity('echo', before);
    yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 20));
    return { before, recorded, after: ctx.df.currentUtcDateTime.toISOString() };
});

// The durable client binding, used the way app code uses it.
df.app.client.http('startOrchestration', {
    route: 'start/{name}', methods: ['POST'],
    handler: async (req: HttpRequest, client) => {
        const body = await req.text();
        const id = await client.startNew(req.params.name, { input: body ? JSON.parse(body) : undefined, instanceId: req.query.get('id') ?? undefined });
        return client.createCheckStatusResponse(req, id);
    },
});

df.app.client.http('clientOps', {
    route: 'client/{op}/{id}', methods: ['POST', 'GET'],
    handler: async (req: HttpRequest, client) => {
        const id = req.params.id;
        switch (req.params.op) {
            case 'raise': await client.raiseEvent(id, req.query.get('event') ?? 'Approval', await req.json()); return { status: 202 };
            case 'status': { const s = await client.getStatus(id); return { jsonBody: { runtimeStatus: s.runtimeStatus, output: s.output, customStatus: s.customStatus } }; }
            case 'terminate': await client.terminate(id, 'stopped by test'); return { status: 202 };
            case 'purge': return { jsonBody: await client.purgeInstanceHistory(id) };
            case 'list': return { jsonBody: (await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).map((s) => s.instanceId) };
            default: return { status: 400 };
        }
    },
});

app.http('noop', { methods: ['GET'], handler: async () => ({ status: 200 }) });
