// Enablement bench: the product app (dist/functions) on an in-process LocalHost
// with LMDB in a temp dir and the simulator of Microsoft's cloud, seeded with
// N clones of the demo's happy-path customer and simulator latency 0.
// Everything goes over loopback HTTP, with bearer tokens from /simulator/token.
//
//   post  autocannon, C connections for D seconds: POST /api/customers/{id}/overage/enablements
//         as Contoso's AdminAgent, round robin over the "post" customers. Every 202 is a run
//         started, or joined when that customer's run is still going (the body says which).
//         Each request verifies the token, reads the partner profile and the customer from the
//         (simulated) Partner Center, claims the run in the state store and starts the
//         orchestration through the Durable client. The orchestrations it starts run in the
//         background in this same process, so the figure is "POST throughput and latency while
//         the runs those POSTs started compete for the same CPU", not the cost of the HTTP
//         handler alone. Only 202s count as successes; every other status is reported.
//   get   after every run from `post` has ended (engine idle and no Pending/Running instance),
//         and once each customer's read-model document is refreshed (?refresh=true, off the
//         clock, as the sync timer would), autocannon GET /api/customers/{id}/overage as
//         Contoso's SalesAgent over the same customers: token check, the read-model document,
//         the last run's claim and its Durable status; pc_calls_per_get counts the requests that
//         reached the simulated Partner Center and credits API during the phase (0 on the hot
//         path). Nothing runs in the background.
//   e2e   M customers nobody touched yet, each enabled end to end: POSTed with at most P
//         requests in flight, then followed until its run is Completed with result "enabled".
//         Wall time runs from the first POST to the last completion; e2e_per_s = runs enabled /
//         wall s (M / wall s when all succeed). Afterwards the simulator is asked whether each
//         customer's overage is on.
//
// The world always holds BENCH_POST_CUSTOMERS + BENCH_E2E_CUSTOMERS customers, whatever BENCH_ONLY
// says: the simulator's cost per request grows with the world's size.
//
// The load generator is an autocannon worker thread (BENCH_WORKERS=0 puts it on the main
// thread, where it shares the event loop with the host). The host itself is single-threaded:
// "loop" in the table is the main thread's event-loop utilisation, and near 100% means the
// host is CPU-bound. The last stdout line is one JSON object with the figures.
//
// Env: BENCH_DURATION_S (10), BENCH_CONNECTIONS (50), BENCH_E2E_CUSTOMERS (1000),
//      BENCH_POST_CUSTOMERS (1000: customers the post/get phases cycle through),
//      BENCH_E2E_CONCURRENCY (50), BENCH_WORKERS (1), BENCH_POLL_MS (20: OVERAGE_POLL_INTERVAL_MS),
//      BENCH_ONLY=post,get,e2e (subset; the others print null), BENCH_SETTLE_TIMEOUT_S (600).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { TERMINAL } from '../local/durable/model';
import { LocalHost } from '../local/host';
import { count, gc, selected } from './benchEnv';
import { countSimulatorCalls, fetchJson, type Meter, meter, partnerCenterCalls, pool } from './benchTools';
import { BenchCustomer, CONTOSO, enablementWorld, Target } from './enablementWorld';

type Phase = 'post' | 'get' | 'e2e';
const PHASES: Phase[] = ['post', 'get', 'e2e'];

const DURATION_S = count('BENCH_DURATION_S', 10, 1);
const CONNECTIONS = count('BENCH_CONNECTIONS', 50, 1);
const E2E_CUSTOMERS = count('BENCH_E2E_CUSTOMERS', 1000, 1);
const POST_CUSTOMERS = count('BENCH_POST_CUSTOMERS', 1000, 1);
const E2E_CONCURRENCY = count('BENCH_E2E_CONCURRENCY', 50, 1);
const WORKERS = count('BENCH_WORKERS', 1, 0);
const POLL_MS = count('BENCH_POLL_MS', 20, 1);
const SETTLE_TIMEOUT_MS = count('BENCH_SETTLE_TIMEOUT_S', 600, 1) * 1000;
const ONLY = selected(PHASES, 'phase(s)');
const SERVICE = 'PhoneServices';
const APP_ENTRY = path.resolve(__dirname, '..', 'functions', 'index.js');
const SETUP_REQUEST = path.join(__dirname, 'enablementTargets.js');
const AGENTS = {
    admin: { partnerId: CONTOSO, upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] },
    sales: { partnerId: CONTOSO, upn: 'sales@contoso-telecom.example', roles: ['SalesAgent'] },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the host -------------------------------------------------------------------------

interface Bench {
    host: LocalHost;
    /** http://127.0.0.1:<port>: the load stays on IPv4 loopback. */
    base: string;
    tokens: { admin: string; sales: string };
    dir: string;
}

async function startBench(dir: string, customers: number): Promise<{ bench: Bench; all: BenchCustomer[]; worldMs: number; startMs: number }> {
    const t0 = performance.now();
    const { world, customers: all } = enablementWorld(customers);
    const worldPath = path.join(dir, 'world.json');
    fs.writeFileSync(worldPath, JSON.stringify(world));
    const worldMs = performance.now() - t0;
    // read by the app when it builds its state store and a run's timing: set before the host loads it
    process.env.DATA_DIR = dir;
    process.env.OVERAGE_POLL_INTERVAL_MS = String(POLL_MS);
    const t1 = performance.now();
    const host = await LocalHost.start({ appEntry: APP_ENTRY, port: 0, dataDir: dir, simulator: { worldPath }, log: () => {}, disableTimers: true });
    const startMs = performance.now() - t1;
    const base = `http://127.0.0.1:${new URL(host.url).port}`;
    const token = async (agent: keyof typeof AGENTS) => {
        const res = await fetchJson(`${base}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENTS[agent]) });
        if (res.status !== 200 || typeof res.json?.access_token !== 'string') throw new Error(`no token for ${AGENTS[agent].upn}: ${res.status} ${JSON.stringify(res.json)}`);
        return res.json.access_token as string;
    };
    const tokens = { admin: await token('admin'), sales: await token('sales') };
    return { bench: { host, base, tokens, dir }, all, worldMs, startMs };
}

/** Waits until nothing is runnable and no instance is Pending or Running (timers included); returns the ms it took. */
async function settle(host: LocalHost): Promise<number> {
    const t0 = performance.now();
    for (;;) {
        await host.engine.whenIdle();
        const active = host.engine.query({ runtimeStatus: ['Pending', 'Running', 'ContinuedAsNew'] }, { showInput: false }).length;
        if (active === 0) return performance.now() - t0;
        if (performance.now() - t0 > SETTLE_TIMEOUT_MS) throw new Error(`${active} instance(s) still active after ${SETTLE_TIMEOUT_MS} ms`);
        await sleep(20);
    }
}

/** Instance counts by status and result ("Completed/enabled", "Failed", ...). */
function outcomes(host: LocalHost): Record<string, number> {
    const by: Record<string, number> = {};
    for (const s of host.engine.query({}, { showInput: false })) {
        const result = (s.output as { result?: string } | null)?.result;
        const k = s.runtimeStatus === 'Completed' && result ? `Completed/${result}` : s.runtimeStatus;
        by[k] = (by[k] ?? 0) + 1;
    }
    return by;
}

// ---- autocannon phases ----------------------------------------------------------------

interface CannonFigures {
    phase: 'post' | 'get';
    okStatus: number;
    ok: number;
    rps: number;
    /** autocannon's requests.average: all responses per second, sampled each second. */
    allRps: number;
    p50: number;
    p99: number;
    other: Record<string, number>;
    errors: number;
    timeouts: number;
    durationS: number;
    m: Meter;
}

async function cannon(b: Bench, phase: 'post' | 'get', targets: Target[], token: string, okStatus: number): Promise<CannonFigures> {
    const file = path.join(b.dir, `${phase}-targets.json`);
    fs.writeFileSync(file, JSON.stringify(targets));
    process.env.BENCH_ENABLEMENT_TARGETS = file; // read by the setupRequest module (worker threads copy the environment)
    gc();
    const m = meter();
    const result = await autocannon({
        url: b.base, title: phase, connections: CONNECTIONS, duration: DURATION_S, ...(WORKERS ? { workers: WORKERS } : {}),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: SETUP_REQUEST }],
    });
    const measured = m();
    const other: Record<string, number> = {};
    for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) if (Number(code) !== okStatus) other[code] = n;
    const ok = result.statusCodeStats[okStatus]?.count ?? 0;
    return {
        phase, okStatus, ok, rps: ok / result.duration, allRps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
        other, errors: result.errors, timeouts: result.timeouts, durationS: result.duration, m: measured,
    };
}

function describeCannon(f: CannonFigures): string {
    const other = Object.entries(f.other).map(([c, n]) => `${n}x${c}`).join(', ') || 'none';
    return `${f.ok} x ${f.okStatus} in ${f.durationS.toFixed(2)} s; other statuses: ${other}; socket errors ${f.errors}, timeouts ${f.timeouts}`;
}

/** Refreshes each customer's read-model document (GET overage?refresh=true), as the sync would; returns how many answered 200. */
async function warmReadModel(b: Bench, customers: BenchCustomer[]): Promise<number> {
    let ok = 0;
    await pool(customers, 20, async (c) => {
        const res = await fetchJson(`${b.base}/api/customers/${c.tenantId}/overage?refresh=true`, { headers: { authorization: `Bearer ${b.tokens.sales}` } });
        if (res.status === 200) ok++;
    });
    return ok;
}

// ---- end to end ---------------------------------------------------------------------

interface E2eFigures {
    customers: number;
    enabled: number;
    wallMs: number;
    postsMs: number;
    perS: number;
    verifiedInSimulator: number;
    runLinksChecked: number;
    problems: string[];
    m: Meter;
}

async function endToEnd(b: Bench, customers: BenchCustomer[]): Promise<E2eFigures> {
    const headers = { authorization: `Bearer ${b.tokens.admin}`, 'content-type': 'application/json' };
    const problems: string[] = [];
    const runs: Array<{ customer: BenchCustomer; instanceId: string; runUrl: string; done: Promise<void> }> = [];
    let lastDone = 0;
    gc();
    const m = meter();
    const t0 = performance.now();
    await pool(customers, E2E_CONCURRENCY, async (c) => {
        const res = await fetchJson(`${b.base}/api/customers/${c.tenantId}/overage/enablements`, {
            method: 'POST', headers, body: JSON.stringify({ service: SERVICE, azureEntitlementId: c.azureEntitlementId }),
        });
        if (res.status !== 202 || typeof res.json?.id !== 'string' || res.json.joined !== false) {
            problems.push(`${c.tenantId}: POST answered ${res.status} ${JSON.stringify(res.json)}`);
            return;
        }
        const instanceId = res.json.id as string;
        // the engine calls back on every change of the instance, so the completion time is exact
        const done = b.host.engine.waitFor(instanceId, (s) => TERMINAL.has(s.runtimeStatus)).then((s) => {
            lastDone = Math.max(lastDone, performance.now());
            const out = s.output as { result?: string; azureEntitlementId?: string } | null;
            if (s.runtimeStatus !== 'Completed' || out?.result !== 'enabled' || out.azureEntitlementId !== c.azureEntitlementId) {
                problems.push(`${c.tenantId}: run ${instanceId} ended ${s.runtimeStatus} ${JSON.stringify(out)}`);
            }
        });
        runs.push({ customer: c, instanceId, runUrl: res.json.links.self, done });
    });
    const postsMs = performance.now() - t0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
        Promise.all(runs.map((r) => r.done)),
        new Promise<void>((_, reject) => { timer = setTimeout(() => reject(new Error(`e2e runs not finished after ${SETTLE_TIMEOUT_MS} ms`)), SETTLE_TIMEOUT_MS); }),
    ]).finally(() => clearTimeout(timer));
    const measured = m();
    const wallMs = (runs.length ? lastDone : performance.now()) - t0;
    const enabled = runs.length - problems.filter((p) => p.includes(' ended ')).length;

    // verification, off the clock: the simulator has overage on for every customer, with the requested subscription
    let verifiedInSimulator = 0;
    await pool(customers, 50, async (c) => {
        const res = await fetchJson(`${b.base}/simulator/customers/${c.tenantId}`);
        const setting = (res.json?.overage as Array<Record<string, unknown>> | undefined)?.find((o) => o.type === SERVICE);
        if (res.status === 200 && setting?.overageEnabled === true && setting.partnerId === CONTOSO && setting.azureEntitlementId === c.azureEntitlementId) verifiedInSimulator++;
        else problems.push(`${c.tenantId}: simulator shows ${res.status} ${JSON.stringify(res.json?.overage)}`);
    });
    // and the run link the 202 handed out says completed (a sample: the engine was asked for all of them)
    const sample = runs.filter((_, i) => i % Math.max(1, Math.floor(runs.length / 20)) === 0);
    let runLinksChecked = 0;
    for (const r of sample) {
        const res = await fetchJson(`${b.base}${new URL(r.runUrl).pathname}`, { headers });
        if (res.status === 200 && res.json?.status === 'completed' && res.json.result === 'enabled') runLinksChecked++;
        else problems.push(`${r.instanceId}: run link answered ${res.status} ${JSON.stringify(res.json)}`);
    }
    return { customers: customers.length, enabled, wallMs, postsMs, perS: enabled / (wallMs / 1000), verifiedInSimulator, runLinksChecked, problems, m: measured };
}

// ---- report --------------------------------------------------------------------------

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const round1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10) / 10);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

async function main(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enablement-bench-'));
    const t0 = performance.now();
    let bench: Bench | undefined;
    let failed = false;
    try {
        // the world has the same size whatever BENCH_ONLY says: the simulator's cost grows with it
        const postCustomers = POST_CUSTOMERS;
        const e2eCustomers = ONLY.includes('e2e') ? E2E_CUSTOMERS : 0;
        const started = await startBench(dir, POST_CUSTOMERS + E2E_CUSTOMERS);
        bench = started.bench;
        const forPost = started.all.slice(0, postCustomers);
        const forE2e = started.all.slice(postCustomers, postCustomers + e2eCustomers);
        console.log(`enablement bench: ${started.all.length} customers (clones of Fabrikam, partner ${CONTOSO}), simulator delays 0, poll ${POLL_MS} ms; `
            + `autocannon ${CONNECTIONS} connections x ${DURATION_S} s${WORKERS ? ` from ${WORKERS} worker thread(s)` : ' on the main thread'}; `
            + `e2e ${e2eCustomers} customers, ${E2E_CONCURRENCY} POSTs in flight; node ${process.version}, ${os.cpus().length} cpus`);
        console.log(`  world generated in ${(started.worldMs / 1000).toFixed(2)} s, host started in ${(started.startMs / 1000).toFixed(2)} s (${bench.base}, data in ${dir})`);

        let post: CannonFigures | undefined;
        let get: CannonFigures | undefined;
        let e2e: E2eFigures | undefined;
        let pcCallsPerGet: number | undefined;
        if (ONLY.includes('post')) {
            const body = (c: BenchCustomer) => JSON.stringify({ service: SERVICE, azureEntitlementId: c.azureEntitlementId });
            post = await cannon(bench, 'post', forPost.map((c) => ({ method: 'POST', path: `/api/customers/${c.tenantId}/overage/enablements`, body: body(c) })), bench.tokens.admin, 202);
            console.log(`  post: ${describeCannon(post)}`);
            const settleMs = await settle(bench.host);
            const runs = outcomes(bench.host);
            const startedRuns = Object.values(runs).reduce((a, n) => a + n, 0);
            console.log(`  post: ${startedRuns} runs started (${post.ok - startedRuns} of the 202s joined a run still going); `
                + `background runs drained ${(settleMs / 1000).toFixed(2)} s after the window; outcomes ${JSON.stringify(runs)}`);
            if (Object.keys(runs).some((k) => k !== 'Completed/enabled')) failed = true;
        }
        if (ONLY.includes('get')) {
            // the read model the timer sync would have filled: one refresh per customer, off the clock
            const refreshed = await warmReadModel(bench, forPost);
            console.log(`  get: read model refreshed for ${refreshed}/${forPost.length} customers`);
            const pc = countSimulatorCalls(bench.host);
            get = await cannon(bench, 'get', forPost.map((c) => ({ method: 'GET', path: `/api/customers/${c.tenantId}/overage` })), bench.tokens.sales, 200);
            pcCallsPerGet = partnerCenterCalls(pc.stop()) / Math.max(1, get.ok + Object.values(get.other).reduce((a, n) => a + n, 0));
            console.log(`  get: ${describeCannon(get)}; Partner Center calls per GET ${pcCallsPerGet.toFixed(3)}`);
            const probe = await fetchJson(`${bench.base}/api/customers/${forPost[0].tenantId}/overage`, { headers: { authorization: `Bearer ${bench.tokens.sales}` } });
            console.log(`  get: sample answer ${probe.status} overageEnabled=${probe.json?.overageEnabled} lastRun=${probe.json?.lastRun?.status ?? null}/${probe.json?.lastRun?.result ?? null}`);
        }
        if (ONLY.includes('e2e')) {
            e2e = await endToEnd(bench, forE2e);
            console.log(`  e2e: ${e2e.enabled}/${e2e.customers} enabled in ${(e2e.wallMs / 1000).toFixed(2)} s (all POSTs answered after ${(e2e.postsMs / 1000).toFixed(2)} s); `
                + `simulator shows overage on for ${e2e.verifiedInSimulator}/${e2e.customers}; ${e2e.runLinksChecked} sampled run links say completed/enabled`);
            if (e2e.problems.length) {
                failed = true;
                console.log(`  e2e: ${e2e.problems.length} problem(s), first ones:\n    ${e2e.problems.slice(0, 10).join('\n    ')}`);
            }
        }

        const rows = [['phase', 'ok', 'ok/s', 'all/s', 'p50 ms', 'p99 ms', 'non-ok', 'wall s', 'cpu s', 'loop']];
        for (const f of [post, get]) {
            if (!f) continue;
            const nonOk = Object.values(f.other).reduce((a, n) => a + n, 0) + f.errors + f.timeouts;
            rows.push([`${f.phase} (${f.okStatus})`, String(f.ok), f.rps.toFixed(1), f.allRps.toFixed(1), f.p50.toFixed(0), f.p99.toFixed(0), String(nonOk),
                (f.m.wallMs / 1000).toFixed(2), (f.m.cpuMs / 1000).toFixed(2), pct(f.m.loop)]);
        }
        if (e2e) {
            rows.push(['e2e (enabled)', String(e2e.enabled), e2e.perS.toFixed(1), '-', '-', '-', String(e2e.customers - e2e.enabled),
                (e2e.wallMs / 1000).toFixed(2), (e2e.m.cpuMs / 1000).toFixed(2), pct(e2e.m.loop)]);
        }
        console.log('');
        console.log(table(rows));
        console.log(`(ok/s: successful responses per second; all/s: autocannon's average of every response; cpu s: every thread of the process; `
            + `loop: main-thread event-loop utilisation; total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        console.log('');
        console.log(JSON.stringify({
            bench: 'enablement',
            post_rps: round1(post?.rps), post_p99_ms: round1(post?.p99),
            get_rps: round1(get?.rps), get_p99_ms: round1(get?.p99), pc_calls_per_get: pcCallsPerGet === undefined ? null : Math.round(pcCallsPerGet * 1000) / 1000,
            e2e_per_s: round1(e2e?.perS),
        }));
    } finally {
        await bench?.host.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
    if (failed) process.exitCode = 1;
}

main().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    if (err instanceof Error && err.cause) console.error('cause:', err.cause);
    process.exitCode = 1;
});
