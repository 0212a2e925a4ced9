// Durable Functions through the embedded host: the real durable-functions
// replay engine, driven by the host's backend, client binding and HTTP API.
import * as path from 'node:path';
import { knobs } from '../apps/durableApp';
import { startTestHost, TestHost } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP); });
afterAll(async () => { await t.stop(); });

async function start(name: string, input?: unknown, id?: string): Promise<string> {
    const res = await t.call('POST', `/api/start/${name}${id ? `?id=${id}` : ''}`, input === undefined ? undefined : input);
    expect(res.status).toBe(202);
    return res.json.id as string;
}

const ended = (s: { runtimeStatus: string }) => ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus);
const finish = (id: string) => t.host.engine.waitFor(id, ended);

test('sequence: activities run in order and custom status is kept', async () => {
    const id = await start('sequence', ['Tokyo', 'Seattle', 'London']);
    const s = await finish(id);
    expect(s.runtimeStatus).toBe('Completed');
    expect(s.output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    expect(s.customStatus).toEqual({ step: 'done', count: 3 });
});

test('fan-out/fan-in: all parallel results are gathered', async () => {
    const before = knobs.calls.get('double') ?? 0;
    const s = await finish(await start('fanOut', 20));
    expect(s.output).toBe((20 * 21) / 2 * 2);
    expect((knobs.calls.get('double') ?? 0) - before).toBe(20);
});

test('external event beats the timer; the cancelled timer never fires', async () => {
    const id = await start('approval', { timeoutMs: 60_000 });
    await t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Running');
    const raised = await t.call('POST', `/api/client/raise/${id}?event=Approval`, { approved: true });
    expect(raised.status).toBe(202);
    const s = await finish(id);
    expect(s.output).toEqual({ decision: 'approved' });
    expect(t.host.engine.stats().timers).toBe(0);
});

test('the timer beats a missing event', async () => {
    const s = await finish(await start('approval', { timeoutMs: 200 }));
    expect(s.output).toEqual({ decision: 'expired' });
});

test('an event raised before the orchestrator waits for it is kept', async () => {
    const id = await start('changing');
    const res = await t.call('POST', t.durable(`instances/${id}/raiseEvent/Go`), {});
    expect(res.status).toBe(202);
    expect((await finish(id)).output).toBe('Hello x');
});

test('retries: transient failures are retried with backoff until success', async () => {
    knobs.flakyFailuresLeft = 2;
    const before = knobs.calls.get('flaky') ?? 0;
    const s = await finish(await start('retrying'));
    expect(s.output).toBe(2);
    expect((knobs.calls.get('flaky') ?? 0) - before).toBe(3);
});

test('retries: after maxNumberOfAttempts the failure reaches the orchestrator', async () => {
    knobs.flakyFailuresLeft = 10;
    const before = knobs.calls.get('flaky') ?? 0;
    const s = await finish(await start('retrying'));
    expect(s.output).toEqual({ gaveUp: true });
    expect((knobs.calls.get('flaky') ?? 0) - before).toBe(3);
    knobs.flakyFailuresLeft = 0;
});

test('sub-orchestrations complete with their own ids and results; caught activity failure', async () => {
    const id = await start('parent');
    const s = await finish(id);
    expect(s.output).toEqual({
        a: { n: 5, doubled: 10, parent: id },
        b: { n: 7, doubled: 14, parent: id },
        caught: true,
    });
    expect(t.host.engine.getStatus(`${id}-second`)?.runtimeStatus).toBe('Completed');
});

test('continueAsNew restarts with new input and fresh history', async () => {
    const id = await start('counter', { n: 0, max: 3 });
    const s = await finish(id);
    expect(s.output).toBe('counted to 3');
    const withHistory = await t.call('GET', t.durable(`instances/${id}?showHistory=true`));
    // only the last execution's history is kept
    expect(withHistory.json.history.filter((e: { EventType: string }) => e.EventType === 'TimerCreated')).toHaveLength(0);
});

test('an unhandled activity failure fails the instance with the error', async () => {
    const s = await finish(await start('failing'));
    expect(s.runtimeStatus).toBe('Failed');
    expect(String(s.output)).toContain('kaboom');
});

test('an orchestrator that throws fails the instance, and its episode is logged as failed with its error', async () => {
    const id = await start('throwing');
    const s = await finish(id);
    expect(s.runtimeStatus).toBe('Failed');
    expect(String(s.output)).toContain('no entitlement to bill overage to');
    const episodes = t.logs.filter((l) => l.function === 'throwing' && l.invocationId);
    const failed = episodes.filter((l) => l.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'error', trigger: 'orchestrationTrigger', error: 'no entitlement to bill overage to' });
    expect(episodes.filter((l) => l.outcome === 'succeeded').every((l) => l.level === 'info' && !('error' in l))).toBe(true);
});

test('determinism violation fails the instance with a clear error', async () => {
    knobs.variant = 1;
    const id = await start('changing');
    await t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Running' && t.host.engine.stats().pendingActivities === 0);
    await t.host.engine.whenIdle();
    knobs.variant = 2; // "deploy" code whose first step differs
    t.host.engine.forgetSessions(); // as the restart of a deploy does
    try {
        await t.call('POST', `/api/client/raise/${id}?event=Go`, {});
        const s = await finish(id);
        expect(s.runtimeStatus).toBe('Failed');
        expect(String(s.output)).toMatch(/Non-deterministic workflow detected: step #0 was TaskScheduled\('hello'\).*CallActivity\('helloV2'\)/);
    } finally {
        knobs.variant = 1;
    }
});

test('currentUtcDateTime and newGuid replay to the values of the first execution', async () => {
    const s = await finish(await start('deterministicValues'));
    const out = s.output as { before: { now: string; guid: string }; recorded: unknown; after: string };
    expect(out.before.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.recorded).toEqual(out.before); // recomputed in the last replay, recorded in the first episode
    expect(Date.parse(out.after)).toBeGreaterThan(Date.parse(out.before.now)); // time moves on between episodes
});

test('terminate through the client binding, then purge', async () => {
    const id = await start('waitForever');
    await t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Running');
    expect((await t.call('POST', `/api/client/terminate/${id}`)).status).toBe(202);
    const s = await finish(id);
    expect(s.runtimeStatus).toBe('Terminated');
    expect(s.output).toBe('stopped by test');
    const purged = await t.call('POST', `/api/client/purge/${id}`);
    expect(purged.json).toEqual({ instancesDeleted: 1 });
    expect((await t.call('GET', t.durable(`instances/${id}`))).status).toBe(404);
});

test('client getStatus and list see what the engine holds', async () => {
    const id = await start('sequence', ['A']);
    await finish(id);
    const status = await t.call('GET', `/api/client/status/${id}`);
    expect(status.json).toEqual({ runtimeStatus: 'Completed', output: ['Hello A'], customStatus: { step: 'done', count: 1 } });
    const list = await t.call('GET', `/api/client/list/all`);
    expect(list.json).toContain(id);
});

describe('management HTTP API', () => {
    test('createCheckStatusResponse links work: 202 while running, 200 when done, 404 unknown', async () => {
        const res = await t.call('POST', '/api/start/approval', { timeoutMs: 60_000 });
        expect(res.status).toBe(202);
        expect(res.headers.get('location')).toBe(res.json.statusQueryGetUri);
        for (const k of ['id', 'statusQueryGetUri', 'sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri']) expect(res.json[k]).toEqual(expect.any(String));
        const id = res.json.id as string;
        await t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Running');
        const statusUrl = new URL(res.json.statusQueryGetUri as string);
        const running = await t.call('GET', statusUrl.pathname + statusUrl.search);
        expect(running.status).toBe(202);
        expect(running.json).toMatchObject({ runtimeStatus: 'Running', customStatus: { waitingFor: 'Approval' } });

        const send = new URL((res.json.sendEventPostUri as string).replace('{eventName}', 'Approval'));
        expect((await t.call('POST', send.pathname + send.search, { approved: false })).status).toBe(202);
        await finish(id);
        const done = await t.call('GET', statusUrl.pathname + statusUrl.search);
        expect(done.status).toBe(200);
        expect(done.json).toMatchObject({ runtimeStatus: 'Completed', output: { decision: 'rejected' } });
        expect((await t.call('POST', send.pathname + send.search, {})).status).toBe(410);
        expect((await t.call('GET', t.durable('instances/does-not-exist'))).status).toBe(404);
    });

    test('the system key is required', async () => {
        expect((await t.call('GET', '/runtime/webhooks/durabletask/instances/x')).status).toBe(401);
        expect((await t.call('GET', '/runtime/webhooks/durabletask/instances/x?code=wrong')).status).toBe(401);
    });

    test('start with an id; a second start of a running id is a 409', async () => {
        const first = await t.call('POST', t.durable('orchestrators/waitForever/fixed-id-1'));
        expect(first.status).toBe(202);
        expect(first.json.id).toBe('fixed-id-1');
        expect((await t.call('POST', t.durable('orchestrators/waitForever/fixed-id-1'))).status).toBe(409);
        expect((await t.call('POST', t.durable('orchestrators/noSuchOrchestrator'))).status).toBe(400);
        const term = await t.call('POST', t.durable('instances/fixed-id-1/terminate?reason=done'));
        expect(term.status).toBe(202);
        await finish('fixed-id-1');
        expect((await t.call('DELETE', t.durable('instances/fixed-id-1'))).json).toEqual({ instancesDeleted: 1 });
    });

    test('list by status pages with a continuation token', async () => {
        const ids = [] as string[];
        for (let i = 0; i < 3; i++) ids.push(await start('sequence', ['p']));
        await Promise.all(ids.map(finish));
        const page1 = await t.call('GET', t.durable('instances/?runtimeStatus=Completed&top=2'));
        expect(page1.status).toBe(200);
        expect(page1.json).toHaveLength(2);
        const token = page1.headers.get('x-ms-continuation-token');
        expect(token).toBeTruthy();
        const page2 = await t.call('GET', t.durable('instances/?runtimeStatus=Completed&top=100'), undefined, { 'x-ms-continuation-token': token! });
        const all = [...page1.json, ...page2.json].map((s: { instanceId: string }) => s.instanceId);
        expect(new Set(all).size).toBe(all.length);
        for (const id of ids) expect(all).toContain(id);
        expect((await t.call('GET', t.durable('instances/?runtimeStatus=Bogus'))).status).toBe(400);
    });
});
