// Durable Functions through the embedded host, for the durable test app
// (test/apps/durableApp.ts), one file so the app loads once: the replay engine
// behind the client binding and the HTTP API, the API's input checks, history
// rows, the host's extended sessions, far-future timers and a clean restart.
// Each part on its own host, one after another.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHostJson } from '../../local/config/hostJson';
import { LOCAL_EXTENDED_SESSIONS, localExtendedSessions } from '../../local/config/localExtendedSessions';
import { HistoryEvent } from '../../local/durable/history';
import { InstanceConflictError } from '../../local/durable/engine';
import { HISTORY_TABLE } from '../../local/durable/historyLog';
import { Instance } from '../../local/durable/model';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { knobs } from '../apps/durableApp';
import { TestHost, expectHostProblem, startTestHost, tempDir } from '../helpers/testHost';
import { WatchedKv, finish, loadApp, startEngine } from './durableHistoryHarness';
import { YEAR_9999, watchWarnings } from './warnings';

describe('Durable Functions on the host', () => {
    // Durable Functions through the embedded host: the real durable-functions
    // replay engine, driven by the host's backend, client binding and HTTP API.
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
});

describe('the management API\'s inputs', () => {
    // The Durable HTTP management API validates every input: instance ids,
    // paging, filters, event names and bodies are refused with a 4xx, never a 5xx.
    const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');
    let t: TestHost;

    beforeAll(async () => {
        t = await startTestHost(APP);
        expect((await t.call('POST', t.durable('orchestrators/waitForever/input-waits'))).status).toBe(202);
        await t.host.engine.waitFor('input-waits', (s) => s.runtimeStatus === 'Running');
    });
    afterAll(async () => {
        await t.call('POST', t.durable('instances/input-waits/terminate?reason=done'));
        await t.stop();
    });

    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

    async function expectProblem(method: string, p: string, status: number, code: string, body?: unknown): Promise<void> {
        expectHostProblem(await t.call(method, t.durable(p), body), status, code);
    }

    describe('instance ids on start', () => {
        test.each([
            ['a slash', 'a%2Fb'],
            ['a backslash', 'a%5Cb'],
            ['a hash', 'a%23b'],
            ['a question mark', 'a%3Fb'],
            ['a control character', 'a%01b'],
            ['101 characters', 'x'.repeat(101)],
        ])('%s is a 400', async (_what, id) => {
            await expectProblem('POST', `orchestrators/waitForever/${id}`, 400, 'invalid-instance-id');
        });

        test('100 characters are fine', async () => {
            const id = 'y'.repeat(100);
            expect((await t.call('POST', t.durable(`orchestrators/sequence/${id}`), [])).status).toBe(202);
        });
    });

    describe('bodies', () => {
        test('a start input nested 5,000 deep is a 400', async () => {
            await expectProblem('POST', 'orchestrators/sequence', 400, 'invalid-json', deep(5000));
        });

        test('a raiseEvent body nested 5,000 deep is a 400', async () => {
            await expectProblem('POST', 'instances/input-waits/raiseEvent/Never', 400, 'invalid-json', deep(5000));
        });

        test('invalid JSON is a 400', async () => {
            await expectProblem('POST', 'instances/input-waits/raiseEvent/Never', 400, 'invalid-json', '{nope');
        });
    });

    describe('queries', () => {
        test.each(['top=abc', 'top=0', 'top=-1', 'top=1.5', 'createdTimeFrom=garbage', 'createdTimeTo=yesterday', 'runtimeStatus=Bogus'])('list with %s is a 400', async (q) => {
            await expectProblem('GET', `instances/?${q}`, 400, 'invalid-query');
        });

        test.each(['runtimeStatus=Bogus', 'createdTimeFrom=garbage'])('purge with %s is a 400', async (q) => {
            await expectProblem('DELETE', `instances/?${q}`, 400, 'invalid-query');
        });

        test.each(['abc', '-5', '1e3', 'x'.repeat(300)])('continuation token %s is a 400', async (token) => {
            const res = await t.call('GET', t.durable('instances/?top=1'), undefined, { 'x-ms-continuation-token': token });
            expect(res.status).toBe(400);
            expect(res.json.code).toBe('invalid-continuation-token');
        });

        test('a valid page still works', async () => {
            const res = await t.call('GET', t.durable('instances/?top=1&runtimeStatus=Running'));
            expect(res.status).toBe(200);
            expect(res.json).toHaveLength(1);
        });
    });

    describe('event names', () => {
        test.each([['a control character', 'Ap%00proval'], ['too long', 'E'.repeat(257)]])('%s is a 400', async (_what, name) => {
            await expectProblem('POST', `instances/input-waits/raiseEvent/${name}`, 400, 'invalid-event-name', {});
        });
    });

    test('status, raise and terminate of an id that cannot exist are 4xx', async () => {
        for (const [method, p] of [['GET', 'instances/a%00b'], ['POST', 'instances/a%00b/raiseEvent/E'], ['POST', 'instances/a%00b/terminate'], ['DELETE', 'instances/a%00b']]) {
            const res = await t.call(method, t.durable(p), method === 'POST' ? {} : undefined);
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
        }
    });
});

describe('history rows', () => {
    // Histories as rows of their own: an episode appends only its new events, so
    // what it writes does not grow with the history; continueAsNew and purge
    // delete the rows; warm episodes read no rows, cold ones rebuild from them
    // once; rows of the previous format (history inside the instance row) are
    // migrated on load; the HTTP API's showHistory reads them in order.
    const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');
    const INSTANCES = 'df-instances';

    beforeAll(() => loadApp(APP));

    let dirs: string[] = [];
    afterEach(() => {
        dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
        dirs = [];
    });

    /** A watched LMDB store in a fresh temp dir. */
    function lmdb(): WatchedKv {
        const dir = tempDir('too-history-');
        dirs.push(dir);
        return new WatchedKv(openKv(dir));
    }

    /** Names of one length, so every step's events have the same size. */
    const names = (n: number) => Array.from({ length: n }, (_, i) => `n${String(i).padStart(3, '0')}`);
    const isHistoryPut = (op: { table: string; value?: unknown }) => op.table === HISTORY_TABLE && op.value !== undefined;
    const seqOf = (key: string) => Number(key.split('\u0000')[2]);
    const executionOf = (key: string) => key.split('\u0000')[1];

    test('an episode writes its new events and the small instance row: its bytes do not grow with the history', async () => {
        const kv = lmdb();
        const engine = startEngine(kv);
        try {
            await engine.startNew('sequence', 'long-1', names(60));
            expect((await finish(engine, 'long-1')).output).toEqual(names(60).map((n) => `Hello ${n}`));
            await engine.flushed();
            // one episode per step: the start, then each activity's result
            const episodes = kv.commits.filter((c) => c.ops.some(isHistoryPut));
            expect(episodes).toHaveLength(61);
            const steps = episodes.slice(1, -1);
            // each appends four events (OrchestratorStarted, TaskCompleted, TaskScheduled, OrchestratorCompleted) ...
            for (const c of steps) expect(c.ops.filter(isHistoryPut)).toHaveLength(4);
            // ... and writes as much at step 58 as at step 1 (ids gain a digit on the way)
            const bytes = steps.map((c) => c.bytes);
            expect(Math.max(...bytes) - Math.min(...bytes)).toBeLessThan(32);
            const row = kv.get<Instance>(INSTANCES, 'long-1')!;
            expect(row).not.toHaveProperty('history');
            // state only: what it says beyond its input and output is a few hundred bytes
            expect(JSON.stringify(row).length - JSON.stringify(row.input).length - JSON.stringify(row.output).length).toBeLessThan(500);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('the rows are the history in order, under one execution id, and showHistory reads them', async () => {
        const kv = lmdb();
        const engine = startEngine(kv);
        try {
            await engine.startNew('sequence', 'rows-1', names(5));
            await finish(engine, 'rows-1');
            await engine.flushed();
            const rows = kv.historyRows('rows-1');
            const history = engine.getStatus('rows-1', { showHistory: true })!.history as Array<{ EventType: string }>;
            expect(rows.map(([k]) => seqOf(k))).toEqual(history.map((_, i) => i));
            expect(new Set(rows.map(([k]) => executionOf(k))).size).toBe(1);
            expect(rows.map(([, e]) => (e as HistoryEvent).Timestamp)).toEqual(history.map((e) => (e as unknown as HistoryEvent).Timestamp));
            expect(history[history.length - 1].EventType).toBe('ExecutionCompleted');
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('warm episodes read no history rows, and an ended instance drops its cached history', async () => {
        const kv = lmdb();
        const engine = startEngine(kv);
        try {
            await engine.startNew('sequence', 'warm-1', names(30));
            await finish(engine, 'warm-1');
            expect(kv.historyReads).toBe(0);
            expect(engine.stats().cachedHistories).toBe(0);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test.each(['lmdb', 'memory'])('a history evicted from the cache is rebuilt from its rows and the instance completes (%s store)', async (store) => {
        const kv = store === 'lmdb' ? lmdb() : new WatchedKv(openKv(undefined));
        const engine = startEngine(kv, { replayCacheChars: 0 }); // room for the history in use only
        try {
            await engine.startNew('changing', 'cold-1', null); // one step, then waits for 'Go'
            await engine.waitFor('cold-1', (s) => s.runtimeStatus === 'Running');
            await engine.whenIdle();
            await engine.startNew('sequence', 'other-1', names(3)); // its history takes the cache
            await finish(engine, 'other-1');
            expect(kv.historyReads).toBe(0);
            await engine.raiseEvent('cold-1', 'Go', null);
            expect((await finish(engine, 'cold-1')).output).toBe('Hello x');
            expect(kv.historyReads).toBe(1);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('continueAsNew deletes the old execution\'s rows in the commit that starts the new one', async () => {
        const kv = lmdb();
        const engine = startEngine(kv);
        try {
            await engine.startNew('counter', 'can-1', { n: 0, max: 3 });
            expect((await finish(engine, 'can-1')).output).toBe('counted to 3');
            await engine.flushed();
            const restarts = kv.commits.filter((c) => c.ops.some((op) => op.table === INSTANCES && (op.value as Instance | undefined)?.runtimeStatus === 'ContinuedAsNew'));
            expect(restarts).toHaveLength(3);
            for (const c of restarts) {
                const deleted = c.ops.filter((op) => op.table === HISTORY_TABLE && op.value === undefined);
                expect(deleted.length).toBeGreaterThan(0);
                expect(c.ops.some(isHistoryPut)).toBe(false);
            }
            const rows = kv.historyRows('can-1');
            const final = kv.get<Instance>(INSTANCES, 'can-1')!;
            expect(rows).toHaveLength(final.historyLength);
            expect(rows.every(([k]) => executionOf(k) === final.executionId)).toBe(true);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('purge deletes the history rows with the instance', async () => {
        const kv = lmdb();
        const engine = startEngine(kv);
        try {
            await engine.startNew('sequence', 'purge-1', names(4));
            await finish(engine, 'purge-1');
            await engine.flushed();
            expect(kv.historyRows('purge-1').length).toBeGreaterThan(0);
            expect(await engine.purge(['purge-1'])).toBe(1);
            expect(kv.historyRows('purge-1')).toEqual([]);
            expect(kv.get(INSTANCES, 'purge-1')).toBeUndefined();
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('an instance row of the previous format (history inside) is migrated into rows on load and carries on', async () => {
        const kv = lmdb();
        let engine = startEngine(kv);
        try {
            await engine.startNew('changing', 'old-1', null);
            await engine.waitFor('old-1', (s) => s.runtimeStatus === 'Running');
            await engine.whenIdle();
            const before = engine.getStatus('old-1', { showHistory: true })!.history!;
            await engine.stop();

            // rewrite it as the previous host left it: the whole history in the row, no counters, no rows
            const rows = kv.historyRows('old-1');
            const { historyLength: _length, nextEventId: _next, ...state } = kv.get<Instance>(INSTANCES, 'old-1')!;
            await kv.commit([
                { table: INSTANCES, key: 'old-1', value: { ...state, history: rows.map(([, e]) => e) } },
                ...rows.map(([key]) => ({ table: HISTORY_TABLE, key })),
            ]);

            engine = startEngine(kv);
            expect(engine.getStatus('old-1', { showHistory: true })!.history).toEqual(before);
            await engine.raiseEvent('old-1', 'Go', null);
            expect((await finish(engine, 'old-1')).output).toBe('Hello x');
            await engine.flushed();
            const row = kv.get<Instance>(INSTANCES, 'old-1')!;
            expect(row).not.toHaveProperty('history');
            const after = engine.getStatus('old-1', { showHistory: true })!.history!;
            expect(after.slice(0, before.length)).toEqual(before);
            expect(kv.historyRows('old-1')).toHaveLength(row.historyLength);
            expect(row.historyLength).toBe(after.length);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    // 'usagePull-2026-11-20': 20 characters, so its row keys are 68 characters long and
    // their prefix 58, on either side of LMDB's 64-character change of key encoding
    test('an instance whose id is 20 characters long shows its history, and replays it from its rows after a restart', async () => {
        const kv = lmdb();
        const id = 'usagePull-2026-11-20';
        let engine = startEngine(kv);
        try {
            await engine.startNew('changing', id, null); // one step, then waits for 'Go'
            await engine.waitFor(id, (s) => s.runtimeStatus === 'Running');
            await engine.whenIdle();
            await engine.flushed();
            const before = engine.getStatus(id, { showHistory: true })!.history!;
            expect(before.length).toBe(kv.get<Instance>(INSTANCES, id)!.historyLength);
            await engine.stop();

            engine = startEngine(kv); // a new process: no cached history, no session
            await engine.raiseEvent(id, 'Go', null);
            const done = await finish(engine, id);
            expect([done.runtimeStatus, done.output]).toEqual(['Completed', 'Hello x']);
            expect(engine.getStatus(id, { showHistory: true })!.history!.slice(0, before.length)).toEqual(before);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    // the timer and an operator may start the day's usage pull at the same moment: as in the
    // Durable Task backends, one start wins and the other is refused, never both answered 202
    test.each(['lmdb', 'memory'])('two starts of one id at once: one runs it, the other is refused as a conflict (%s store)', async (store) => {
        const kv = store === 'lmdb' ? lmdb() : new WatchedKv(openKv(undefined));
        const engine = startEngine(kv);
        try {
            const starts = await Promise.allSettled([engine.startNew('sequence', 'twice-1', names(2)), engine.startNew('sequence', 'twice-1', names(3))]);
            expect(starts.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
            const refused = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected')!;
            expect(refused.reason).toBeInstanceOf(InstanceConflictError);
            const winner = starts[0].status === 'fulfilled' ? names(2) : names(3);
            const done = await finish(engine, 'twice-1');
            expect(done.output).toEqual(winner.map((n) => `Hello ${n}`));
            await engine.flushed();
            const history = engine.getStatus('twice-1', { showHistory: true })!.history as Array<{ EventType: string }>;
            expect(history.filter((e) => e.EventType === 'ExecutionStarted')).toHaveLength(1);
        } finally {
            await engine.stop();
            await kv.close();
        }
    });

    test('a row in no format the host knows stops it with a clear message', async () => {
        const kv = lmdb();
        try {
            await kv.commit([{ table: INSTANCES, key: 'odd-1', value: { instanceId: 'odd-1', runtimeStatus: 'Running' } }]);
            expect(() => startEngine(kv)).toThrow(/durable instance row 'odd-1' is in a format this host does not know/);
        } finally {
            await kv.close();
        }
    });

    test('showHistory over HTTP gives the events in order', async () => {
        const t = await startTestHost(APP, { persistent: true });
        try {
            const res = await t.call('POST', t.durable('orchestrators/sequence/http-1'), names(3));
            expect(res.status).toBe(202);
            await finish(t.host.engine, 'http-1');
            const status = await t.call('GET', t.durable('instances/http-1?showHistory=true'));
            const kinds = (status.json.history as Array<{ EventType: string; EventId: number; TaskScheduledId?: number }>);
            const episode = (...middle: string[]) => ['OrchestratorStarted', ...middle, 'OrchestratorCompleted'];
            expect(kinds.map((e) => e.EventType)).toEqual([
                ...episode('ExecutionStarted', 'TaskScheduled'),
                ...episode('TaskCompleted', 'TaskScheduled'),
                ...episode('TaskCompleted', 'TaskScheduled'),
                ...episode('TaskCompleted'), 'ExecutionCompleted',
            ]);
            expect(kinds.filter((e) => e.EventType === 'TaskScheduled').map((e) => e.EventId)).toEqual([0, 1, 2]);
            expect(kinds.filter((e) => e.EventType === 'TaskCompleted').map((e) => e.TaskScheduledId)).toEqual([0, 1, 2]);
        } finally {
            await t.stop();
        }
    });
});

describe('the host\'s extended sessions', () => {
    // The local host's extended sessions are its own mode, switched by its own
    // setting (LOCAL_EXTENDED_SESSIONS, on unless turned off), not by host.json:
    // in Azure the Durable extension supports extendedSessionsEnabled only for
    // .NET, so host.json must not carry it and the local host refuses it there.
    const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');

    describe('LOCAL_EXTENDED_SESSIONS', () => {
        test('on when unset or blank, so `npm start` and the tests keep sessions', () => {
            expect(localExtendedSessions({})).toBe(true);
            expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: ' ' })).toBe(true);
        });

        test.each([['true', true], ['1', true], ['ON', true], ['false', false], ['0', false], ['off', false]])('%s -> %s', (value, expected) => {
            expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: value })).toBe(expected);
        });

        test.each([['yes', true], [' no ', false]])('as the app\'s other boolean settings (zod stringbool, SMTP_SECURE): %s -> %s', (value, expected) => {
            expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: value })).toBe(expected);
        });

        test('anything else is refused, naming the setting', () => {
            expect(() => localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: 'sometimes' })).toThrow(/LOCAL_EXTENDED_SESSIONS.*sometimes/);
        });
    });

    describe('host.json', () => {
        let dir: string;
        beforeAll(() => { dir = tempDir('too-hostjson-'); });
        afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
        const read = (durableTask: Record<string, unknown>) => {
            const file = path.join(dir, 'host.json');
            fs.writeFileSync(file, JSON.stringify({ version: '2.0', extensions: { durableTask } }));
            return readHostJson(file, {});
        };

        test('extendedSessionsEnabled: true is refused, as a Node app in Azure would be, pointing at the local setting', () => {
            expect(() => read({ extendedSessionsEnabled: true })).toThrow(/extendedSessionsEnabled.*\.NET.*LOCAL_EXTENDED_SESSIONS/);
        });

        test('false or absent is read as before', () => {
            expect(read({ extendedSessionsEnabled: false }).hubName).toBe('TelcoOverageHub');
            expect(read({ hubName: 'Hub' }).hubName).toBe('Hub');
        });
    });

    describe('the host runs its sessions as the setting says', () => {
        const saved = process.env[LOCAL_EXTENDED_SESSIONS];
        afterEach(() => {
            if (saved === undefined) delete process.env[LOCAL_EXTENDED_SESSIONS];
            else process.env[LOCAL_EXTENDED_SESSIONS] = saved;
        });

        /** How often a 10-step orchestrator's code runs from its start, on a fresh in-memory host. */
        async function runsOfTenSteps(id: string): Promise<number> {
            const t = await startTestHost(APP);
            try {
                const before = knobs.calls.get('sequence:runs') ?? 0;
                const names = Array.from({ length: 10 }, (_, i) => `n${i}`);
                await t.host.engine.startNew('sequence', id, names);
                const s = await t.host.engine.waitFor(id, (v) => ['Completed', 'Failed', 'Terminated'].includes(v.runtimeStatus));
                expect(s.output).toEqual(names.map((n) => `Hello ${n}`));
                return (knobs.calls.get('sequence:runs') ?? 0) - before;
            } finally {
                await t.stop();
            }
        }

        test('by default: the code runs once, the session carries the orchestration between episodes', async () => {
            delete process.env[LOCAL_EXTENDED_SESSIONS];
            expect(await runsOfTenSteps('sessions-on')).toBe(1);
        });

        test('LOCAL_EXTENDED_SESSIONS=false: every episode replays, as Node orchestrations do in Azure', async () => {
            process.env[LOCAL_EXTENDED_SESSIONS] = 'false';
            expect(await runsOfTenSteps('sessions-off')).toBe(11);
        });
    });
});

describe('a durable timer in the year 9999', () => {
    // A durable timer in the year 9999 sleeps quietly (see triggers.test.ts, far-future schedules):
    // no TimeoutOverflowWarning and next to no wake-ups, also after a restart.
    const DURABLE = path.join(__dirname, '..', 'apps', 'durableApp.ts');

    test('a durable timer in the year 9999 sleeps quietly, before and after a restart', async () => {
        const dataDir = tempDir('too-far-df-');
        const watch = watchWarnings();
        try {
            let t = await startTestHost(DURABLE, { dataDir });
            const timeoutMs = Date.parse(YEAR_9999) - Date.now();
            expect((await t.call('POST', t.durable('orchestrators/approval/far-timer'), { timeoutMs })).status).toBe(202);
            await t.host.engine.waitFor('far-timer', (s) => s.runtimeStatus === 'Running');
            await t.host.engine.whenIdle();
            const fired = jest.spyOn(t.host.engine as any, 'fireDueTimers');
            await new Promise((r) => setTimeout(r, 500));
            expect(fired.mock.calls.length).toBeLessThan(3);
            await t.stop();

            t = await startTestHost(DURABLE, { dataDir });
            const firedAgain = jest.spyOn(t.host.engine as any, 'fireDueTimers');
            await new Promise((r) => setTimeout(r, 500));
            expect(firedAgain.mock.calls.length).toBeLessThan(3);
            expect(t.host.engine.stats().timers).toBe(1);
            expect(t.host.engine.getStatus('far-timer')?.runtimeStatus).toBe('Running');
            await t.stop();
            expect(watch.warnings).toEqual([]);
        } finally {
            watch.stop();
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });
});

describe('a clean restart', () => {
    // State survives a clean restart: an orchestration waiting for an event and a
    // durable timer, started before the stop, finish after it.
    const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');

    test('waiting orchestrations resume on a new host over the same data dir', async () => {
        const dataDir = tempDir('too-restart-');
        try {
            let t = await startTestHost(APP, { dataDir });
            const key = t.host.systemKey;
            await t.call('POST', t.durable('orchestrators/approval/waits-event'), { timeoutMs: 60_000 });
            await t.call('POST', t.durable('orchestrators/approval/waits-timer'), { timeoutMs: 800 });
            await t.host.engine.waitFor('waits-event', (s) => s.runtimeStatus === 'Running');
            await t.host.engine.waitFor('waits-timer', (s) => s.runtimeStatus === 'Running');
            await t.stop();

            t = await startTestHost(APP, { dataDir });
            expect(t.host.systemKey).toBe(key); // the key is kept with the data
            expect(t.host.engine.getStatus('waits-event')?.runtimeStatus).toBe('Running');
            expect((await t.call('POST', t.durable('instances/waits-event/raiseEvent/Approval'), { approved: true })).status).toBe(202);
            const [byEvent, byTimer] = await Promise.all(['waits-event', 'waits-timer'].map((id) => t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Completed')));
            expect(byEvent.output).toEqual({ decision: 'approved' });
            expect(byTimer.output).toEqual({ decision: 'expired' });
            await t.stop();
        } finally {
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });
});
