// Extended sessions: an orchestration kept suspended in the SDK between
// episodes must end exactly as a replayed one does (status, output, custom
// status, the history it leaves), for every kind of step, while its
// orchestrator function is invoked once instead of once per episode. A lost
// session (restart, eviction) falls back to a replay.
import * as path from 'node:path';
import { DurableEngine } from '../../local/durable/engine';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { tempDir } from '../helpers/testHost';
import { finish, loadApp, startEngine } from './durableHistoryHarness';
import * as fs from 'node:fs';

const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');
beforeAll(() => loadApp(APP));

const engines: DurableEngine[] = [];
afterEach(async () => { await Promise.all(engines.splice(0).map((e) => e.stop())); });
const engine = (sessions: boolean, invoked?: string[], maxSessions?: number) => {
    const e = startEngine(openKv(undefined), { extendedSessions: sessions, maxSessions }, invoked);
    engines.push(e);
    return e;
};

/** What a run leaves, timestamps and generated ids aside. */
async function outcome(e: DurableEngine, name: string, input: unknown, id: string, poke?: (e: DurableEngine) => Promise<void>) {
    await e.startNew(name, id, input);
    await poke?.(e);
    const s = await finish(e, id);
    const history = (e.getStatus(id, { showHistory: true }) as { history?: Array<Record<string, unknown>> }).history ?? [];
    return {
        runtimeStatus: s.runtimeStatus, output: s.output, customStatus: s.customStatus,
        history: history.map((h) => [h.EventType, h.EventId, h.Name ?? null, h.Result ?? null]),
    };
}

const approve = async (e: DurableEngine, id: string) => {
    for (let i = 0; i < 100 && e.getStatus(id)?.runtimeStatus !== 'Running'; i++) await new Promise((r) => setTimeout(r, 5));
    await e.raiseEvent(id, 'Approval', { approved: true });
};

test.each([
    ['sequence', ['a', 'b', 'c', 'd']],
    ['fanOut', 20],
    ['retrying', null],
    ['parent', null],
    ['counter', { n: 0, max: 3 }],
    ['failing', null],
    ['throwing', null],
    ['deterministicValues', null],
    ['approval', { timeoutMs: 60000 }],
    ['approval', { timeoutMs: 10 }],
])('%s(%j) ends the same with a session as with replays', async (name, input) => {
    const poke = name === 'approval' && (input as { timeoutMs: number }).timeoutMs > 1000 ? (e: DurableEngine) => approve(e, `x-${name}`) : undefined;
    const replayed = await outcome(engine(false), name, input, `x-${name}`, poke);
    const kept = await outcome(engine(true), name, input, `x-${name}`, poke);
    if (name === 'deterministicValues') {
        // values from the clock differ between two runs; their consistency within a run is what counts
        const out = kept.output as { before: unknown; recorded: unknown };
        expect(out.recorded).toEqual(out.before);
        expect(kept.history.map((h) => h[0])).toEqual(replayed.history.map((h) => h[0]));
        return;
    }
    expect(kept).toEqual(replayed);
});

test('a 100-step orchestration is invoked once with a session, 101 times with replays', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `n${i}`);
    for (const [sessions, invocations] of [[true, 1], [false, 101]] as const) {
        const invoked: string[] = [];
        const s = await outcome(engine(sessions, invoked), 'sequence', names, `long-${sessions}`);
        expect(s.output).toEqual(names.map((n) => `Hello ${n}`));
        expect(invoked.filter((f) => f === 'sequence')).toHaveLength(invocations);
    }
});

test('with room for one session, interleaved instances fall back to replays and still end right', async () => {
    const e = engine(true, undefined, 1);
    const inputs = Array.from({ length: 6 }, (_, i) => Array.from({ length: 5 }, (_, j) => `${i}-${j}`));
    await Promise.all(inputs.map((names, i) => e.startNew('sequence', `many-${i}`, names)));
    for (const [i, names] of inputs.entries()) expect((await finish(e, `many-${i}`)).output).toEqual(names.map((n) => `Hello ${n}`));
});

test('after a restart the session is gone: the history is replayed and the run completes', async () => {
    const dir = tempDir('too-sessions-');
    try {
        const first = startEngine(openKv(dir), { extendedSessions: true });
        await first.startNew('approval', 'restart-1', { timeoutMs: 60000 });
        await first.waitFor('restart-1', (s) => s.runtimeStatus === 'Running');
        await first.stop();
        const invoked: string[] = [];
        const second = startEngine(openKv(dir), { extendedSessions: true }, invoked);
        engines.push(second);
        await second.raiseEvent('restart-1', 'Approval', { approved: false });
        expect((await finish(second, 'restart-1')).output).toEqual({ decision: 'rejected' });
        expect(invoked.filter((f) => f === 'approval')).toHaveLength(1); // one replay of the whole history, then done
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
