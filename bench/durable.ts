// Durable throughput bench: N orchestrations × 5 sequential trivial activities,
// run three ways in one process and compared side by side:
//   memory      our DurableEngine (embedded LocalHost, in-memory KV) driving the
//               real durable-functions handlers through the worker shim
//   persistent  the same with LMDB on disk (fresh temp dir, removed afterwards)
//   peer        @microsoft/durabletask-js's in-memory test backend + test worker
// Each is warmed up first; the timed window runs from the first schedule to the
// last completion; one JSON line has the figures. Then the long-history cases:
// a wide fan-out and a long sequence on LMDB, with every byte the engine writes
// counted; their JSON line is the last stdout line.
//
// Env: BENCH_ORCHESTRATIONS (default 1000), BENCH_WARMUP (default 20),
//      BENCH_ROUNDS (default 1; more = timed rounds per backend, the median is reported),
//      BENCH_ONLY=peer,memory,persistent,long (subset, in that order; others print null),
//      BENCH_STARTS=concurrent (default: all starts issued at once, so the engine's throughput is
//      measured) | sequential (one client awaiting each start: with LMDB every start waits for
//      its durable commit, so this measures commit latency more than the engine),
//      BENCH_FANOUT (default 10000), BENCH_SEQUENTIAL (default 2000): the long cases' sizes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
    ActivityContext, ConsoleLogger, InMemoryOrchestrationBackend, NoOpLogger, OrchestrationContext, OrchestrationStatus,
    TestOrchestrationClient, TestOrchestrationWorker,
} from '@microsoft/durabletask-js';
import { openKv } from '../shared/adapters/embedded/embeddedKv';
import { readHostJson } from '../local/config/hostJson';
import { localExtendedSessions } from '../local/config/localExtendedSessions';
import { DurableEngine } from '../local/durable/engine';
import { StatusView, TERMINAL } from '../local/durable/model';
import { LocalHost } from '../local/host';
import { FunctionHost, InvocationLog } from '../local/worker/functionHost';
import { installCoreModule } from '../local/worker/installCoreModule';
import { count, gc, selected } from './benchEnv';
import { CountingKv } from './countingKv';
import { BENCH_ACTIVITY, BENCH_FAN_OUT, BENCH_LONG_SEQUENCE, BENCH_ORCHESTRATOR, BENCH_STEPS } from './apps/durableBenchNames';

type BackendName = 'peer' | 'memory' | 'persistent';
const ALL: BackendName[] = ['peer', 'memory', 'persistent'];

const N = count('BENCH_ORCHESTRATIONS', 1000);
const WARMUP = count('BENCH_WARMUP', 20);
const ROUNDS = Math.max(1, count('BENCH_ROUNDS', 1));
const PHASES = selected([...ALL, 'long'] as const, 'phase(s)');
const ONLY = ALL.filter((b) => PHASES.includes(b));
const FANOUT = count('BENCH_FANOUT', 10_000, 1);
const SEQUENTIAL = count('BENCH_SEQUENTIAL', 2_000, 10);
/** concurrent: a burst of starts (bulk requests), measuring the engine; sequential: one client awaiting each start. */
const STARTS = (process.env.BENCH_STARTS ?? 'concurrent') as 'concurrent' | 'sequential';
const APP_ENTRY = path.join(__dirname, 'apps', 'durableBenchApp.js');

/** One backend as the bench drives it. */
interface Driver {
    /** Schedules one orchestration. */
    start(instanceId: string, input: number): Promise<void>;
    /** Resolves once every scheduled orchestration has ended. */
    waitAll(instanceIds: string[]): Promise<void>;
    /** Throws unless the instance completed with `expected` as output. */
    verify(instanceId: string, expected: number): void;
    close(): Promise<void>;
}

interface Result {
    backend: BackendName;
    orchestrations: number;
    wallMs: number;
    cpuMs: number;
    activitiesPerS: number;
    /** Wall ms of every timed round (the figures above are the median round's). */
    roundsMs: number[];
}

async function round(d: Driver, prefix: string, n: number): Promise<{ wallMs: number; cpuMs: number }> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (STARTS === 'sequential') for (let i = 0; i < n; i++) await d.start(ids[i], i);
    else await Promise.all(ids.map((id, i) => d.start(id, i)));
    await d.waitAll(ids);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    ids.forEach((id, i) => d.verify(id, i + BENCH_STEPS));
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function measure(backend: BackendName, open: () => Promise<Driver>): Promise<Result> {
    const d = await open();
    try {
        if (WARMUP) await round(d, `warmup-${backend}`, WARMUP);
        const rounds: Array<{ wallMs: number; cpuMs: number }> = [];
        for (let r = 0; r < ROUNDS; r++) {
            gc();
            rounds.push(await round(d, `bench-${backend}-${r}`, N));
        }
        const { wallMs, cpuMs } = [...rounds].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((rounds.length - 1) / 2)];
        return { backend, orchestrations: N, wallMs, cpuMs, activitiesPerS: (N * BENCH_STEPS) / (wallMs / 1000), roundsMs: rounds.map((r) => r.wallMs) };
    } finally {
        await d.close();
        gc();
    }
}

// ---- our engine, through the embedded host ----------------------------------------

async function hostDriver(dataDir: string | undefined): Promise<Driver> {
    const host = await LocalHost.start({ appEntry: APP_ENTRY, port: 0, dataDir, disableTimers: true, log: () => {} });
    const engine = host.engine;
    return {
        async start(id, input) {
            await engine.startNew(BENCH_ORCHESTRATOR, id, input);
        },
        // every startNew has enqueued its start message before resolving, so idle = all ended
        waitAll: () => engine.whenIdle(),
        verify(id, expected) {
            const s = engine.getStatus(id);
            if (s?.runtimeStatus !== 'Completed' || s.output !== expected) {
                throw new Error(`${id}: expected Completed with output ${expected}, got ${s ? `${s.runtimeStatus} ${JSON.stringify(s.output)}` : 'no instance'}`);
            }
        },
        close: () => host.stop(),
    };
}

async function persistentDriver(): Promise<Driver> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-'));
    let inner: Driver;
    try {
        inner = await hostDriver(dir);
    } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
    }
    return {
        ...inner,
        async close() {
            try {
                await inner.close();
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}

// ---- the peer: durabletask-js in-memory test backend --------------------------------

/**
 * TestOrchestrationWorker takes no logger: it builds its executors with the SDK's
 * default ConsoleLogger (an info line per orchestration start/completion and per
 * activity). Turning the SDK's own ConsoleLogger into a no-op is the equivalent of
 * passing `logger: new NoOpLogger()` to a production TaskHubGrpcWorker.
 */
function silencePeerLogging(): void {
    const target = ConsoleLogger.prototype as unknown as Record<string, unknown>;
    const noop = NoOpLogger.prototype as unknown as Record<string, unknown>;
    for (const k of ['error', 'warn', 'info', 'debug', 'logEvent']) target[k] = noop[k];
}

async function peerDriver(): Promise<Driver> {
    silencePeerLogging();
    const backend = new InMemoryOrchestrationBackend();
    const worker = new TestOrchestrationWorker(backend);
    const client = new TestOrchestrationClient(backend);
    // the executor drives orchestrators as async generators (a plain generator is taken as a
    // task-less orchestrator returning the generator object); TOrchestrator's type says otherwise
    worker.addNamedOrchestrator(BENCH_ORCHESTRATOR, async function* (ctx: OrchestrationContext, input: number): AsyncGenerator<unknown, number, number> {
        let x = input;
        for (let i = 0; i < BENCH_STEPS; i++) x = yield ctx.callActivity(BENCH_ACTIVITY, x);
        return x;
    } as never);
    worker.addNamedActivity(BENCH_ACTIVITY, (_ctx: ActivityContext, n: number) => n + 1);
    await worker.start();
    const states = new Map<string, Awaited<ReturnType<TestOrchestrationClient['waitForOrchestrationCompletion']>>>();
    return {
        async start(id, input) {
            await client.scheduleNewOrchestration(BENCH_ORCHESTRATOR, input, id);
        },
        async waitAll(ids) {
            const done = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, true, 600)));
            ids.forEach((id, i) => states.set(id, done[i]));
        },
        verify(id, expected) {
            const s = states.get(id);
            const output = s?.serializedOutput === undefined ? undefined : JSON.parse(s.serializedOutput);
            if (s?.runtimeStatus !== OrchestrationStatus.COMPLETED || output !== expected) {
                throw new Error(`${id}: expected COMPLETED with output ${expected}, got ${s ? `${OrchestrationStatus[s.runtimeStatus]} ${s.serializedOutput}` : 'no state'}`);
            }
        },
        // the worker's loop spins on setImmediate while idle: stop it before the next backend runs
        async close() {
            await worker.stop();
            await client.stop();
        },
    };
}

// ---- long histories: our engine on LMDB, every value it writes counted --------------

interface LongRun {
    /** Starts one orchestration and resolves with its end state. */
    run(name: string, input: number): Promise<StatusView>;
    readonly bytes: number;
    close(): Promise<void>;
}

/**
 * Our engine wired as the host wires it (the app's functions through the worker
 * shim, host.json's concurrency) on a fresh LMDB dir: the host opens its own
 * store, and here the store must be counted.
 */
function longRun(onInvocation: (l: InvocationLog) => void): LongRun {
    installCoreModule();
    require(APP_ENTRY); // registers the bench app, unless a host in this process already did
    const settings = readHostJson(path.resolve('host.json'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-long-'));
    const kv = new CountingKv(openKv(dir));
    const functions = new FunctionHost({ log: onInvocation });
    const engine = new DurableEngine({
        kv, maxConcurrentActivities: settings.maxConcurrentActivityFunctions, maxConcurrentOrchestrations: settings.maxConcurrentOrchestratorFunctions,
        extendedSessions: localExtendedSessions(process.env),
        functions: { has: (name, trigger) => functions.get(name)?.trigger.type === trigger, invoke: (name, data, watch) => functions.invoke(functions.get(name)!, data, { watch }) },
    });
    engine.start();
    return {
        async run(name, input) {
            const id = `${name}-${input}`;
            await engine.startNew(name, id, input);
            return engine.waitFor(id, (s) => TERMINAL.has(s.runtimeStatus));
        },
        get bytes() {
            return kv.bytes;
        },
        async close() {
            try {
                await engine.stop();
                await kv.close();
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}

function expectOutput(s: StatusView, expected: number): void {
    if (s.runtimeStatus !== 'Completed' || s.output !== expected) throw new Error(`${s.instanceId}: expected Completed with output ${expected}, got ${s.runtimeStatus} ${JSON.stringify(s.output)}`);
}

interface FanOut {
    seconds: number;
    bytes: number;
}

/** One orchestration, FANOUT activities at once (Task.all): wall time from start to completion. */
async function fanOut(): Promise<FanOut> {
    const r = longRun(() => {});
    try {
        gc();
        const t0 = performance.now();
        const s = await r.run(BENCH_FAN_OUT, FANOUT);
        const seconds = (performance.now() - t0) / 1000;
        expectOutput(s, (FANOUT * (FANOUT + 1)) / 2);
        return { seconds, bytes: r.bytes };
    } finally {
        await r.close();
    }
}

interface Window {
    /** Mean wall ms per activity. */
    ms: number;
    /** Of which the orchestrator's replays (the SDK parsing and replaying the whole history, every episode). */
    replayMs: number;
}

interface Sequence {
    first: Window;
    last: Window;
    bytes: number;
}

/** One orchestration, SEQUENTIAL activities one after the other: ms per activity over its first and last 10%. */
async function sequence(): Promise<Sequence> {
    const done: number[] = [];
    const replays: Array<{ at: number; ms: number }> = [];
    const r = longRun((l) => {
        if (l.function === BENCH_ACTIVITY) done.push(performance.now());
        else if (l.function === BENCH_LONG_SEQUENCE) replays.push({ at: performance.now(), ms: l.durationMs });
    });
    try {
        gc();
        expectOutput(await r.run(BENCH_LONG_SEQUENCE, SEQUENTIAL), SEQUENTIAL);
        // activity i completes, an episode schedules i + 1, it runs: completion to completion is one step
        const k = Math.max(1, Math.floor(SEQUENTIAL / 10));
        const window = (from: number, to: number): Window => ({
            ms: (done[to] - done[from]) / (to - from),
            replayMs: replays.filter((e) => e.at > done[from] && e.at <= done[to]).reduce((sum, e) => sum + e.ms, 0) / (to - from),
        });
        return { first: window(0, k), last: window(SEQUENTIAL - 1 - k, SEQUENTIAL - 1), bytes: r.bytes };
    } finally {
        await r.close();
    }
}

// ---- report ------------------------------------------------------------------------

const DESCRIPTION: Record<BackendName, string> = {
    peer: 'durabletask-js InMemoryOrchestrationBackend',
    memory: 'our DurableEngine, in-memory KV',
    persistent: 'our DurableEngine, LMDB on disk',
};

function table(results: Result[], peer: Result | undefined): string {
    const head = ['backend', 'what', 'orchestrations', 'activities', 'wall s', 'cpu s', 'activities/s', 'orch/s', 'vs peer'];
    const rows = results.map((r) => [
        r.backend, DESCRIPTION[r.backend], String(r.orchestrations), String(r.orchestrations * BENCH_STEPS),
        (r.wallMs / 1000).toFixed(3), (r.cpuMs / 1000).toFixed(3), r.activitiesPerS.toFixed(0),
        (r.orchestrations / (r.wallMs / 1000)).toFixed(0), peer ? `${(r.activitiesPerS / peer.activitiesPerS).toFixed(3)}x` : '-',
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const round1 = (n: number | undefined) => (n === undefined ? null : Math.round(n * 10) / 10);
const round3 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : Math.round(n * 1000) / 1000);

async function main(): Promise<void> {
    if (N === 0) throw new Error('BENCH_ORCHESTRATIONS must be at least 1');
    const settings = readHostJson(path.resolve('host.json'));
    console.log(`durable bench: ${N} orchestrations x ${BENCH_STEPS} sequential activities, warm-up ${WARMUP}, ${ROUNDS} timed round(s) per backend${ROUNDS > 1 ? ' (median reported)' : ''}, ${STARTS} starts; node ${process.version}, ${os.cpus().length} cpus`);
    if (PHASES.includes('long')) console.log(`long histories (our engine, LMDB): one fan-out of ${FANOUT} activities, one sequence of ${SEQUENTIAL}`);
    console.log(`our engine: maxConcurrentOrchestratorFunctions=${settings.maxConcurrentOrchestratorFunctions}, maxConcurrentActivityFunctions=${settings.maxConcurrentActivityFunctions} (host.json in ${process.cwd()} or defaults)`);
    const openers: Record<BackendName, () => Promise<Driver>> = { peer: peerDriver, memory: () => hostDriver(undefined), persistent: persistentDriver };
    const results: Result[] = [];
    for (const b of ONLY) {
        const r = await measure(b, openers[b]);
        const all = ROUNDS > 1 ? ` (rounds: ${r.roundsMs.map((ms) => (ms / 1000).toFixed(3)).join(', ')} s)` : '';
        console.log(`  ${b}: ${(r.wallMs / 1000).toFixed(3)} s, ${r.activitiesPerS.toFixed(0)} activities/s${all}`);
        results.push(r);
    }
    let long: { fan: FanOut; seq: Sequence } | undefined;
    if (PHASES.includes('long')) {
        const fan = await fanOut();
        console.log(`  fan-out: ${fan.seconds.toFixed(3)} s for ${FANOUT} activities, ${(fan.bytes / FANOUT).toFixed(0)} bytes written per activity`);
        const seq = await sequence();
        const w = (x: Window) => `${x.ms.toFixed(3)} ms per activity (the orchestrator's replay: ${x.replayMs.toFixed(3)} ms; the rest: ${(x.ms - x.replayMs).toFixed(3)} ms)`;
        console.log(`  sequence: first 10% ${w(seq.first)}; last 10% ${w(seq.last)}; ${(seq.bytes / SEQUENTIAL).toFixed(0)} bytes written per activity`);
        console.log('  bytes written = UTF-8 bytes of the key and the JSON of every value the engine commits (puts; deletes not counted)');
        long = { fan, seq };
    }
    const by = (b: BackendName) => results.find((r) => r.backend === b);
    const peer = by('peer');
    console.log('');
    console.log(table(results, peer));
    console.log('');
    console.log(JSON.stringify({
        bench: 'durable',
        orchestrations: N,
        peer_activities_per_s: round1(peer?.activitiesPerS),
        memory_activities_per_s: round1(by('memory')?.activitiesPerS),
        persistent_activities_per_s: round1(by('persistent')?.activitiesPerS),
        ratio_memory: round3(peer && by('memory') ? by('memory')!.activitiesPerS / peer.activitiesPerS : undefined),
        ratio_persistent: round3(peer && by('persistent') ? by('persistent')!.activitiesPerS / peer.activitiesPerS : undefined),
    }));
    console.log(JSON.stringify({
        bench: 'durable-long',
        fanout_activities: FANOUT,
        fanout_s: round3(long?.fan.seconds),
        sequential_first_ms: round3(long?.seq.first.ms),
        sequential_last_ms: round3(long?.seq.last.ms),
        bytes_per_activity: round1(long && (long.fan.bytes + long.seq.bytes) / (FANOUT + SEQUENTIAL)),
    }));
}

main().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
});
