// Histories as rows of their own: an episode appends only its new events, so
// what it writes does not grow with the history; continueAsNew and purge
// delete the rows; warm episodes read no rows, cold ones rebuild from them
// once; rows of the previous format (history inside the instance row) are
// migrated on load; the HTTP API's showHistory reads them in order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HistoryEvent } from '../../local/durable/history';
import { HISTORY_TABLE } from '../../local/durable/historyLog';
import { Instance } from '../../local/durable/model';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { startTestHost, tempDir } from '../helpers/testHost';
import { finish, loadApp, startEngine, WatchedKv } from './durableHistoryHarness';

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
