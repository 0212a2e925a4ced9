// Usage import bench: PSTN usage reports POSTed, streamed, to a host process
// (dist/local/main.js, LMDB in a temp DATA_DIR, the demo world's Fabrikam as
// Contoso's admin), one import after another:
//
//   10k, 100k, 1M     rows into empty months (each its own month)
//   1M into 1M        1M new rows into the month the 1M import filled (the month of the
//                     import of the same size, else of the largest)
//
// A first import of 10,000 rows warms the host up (code loaded and compiled,
// the token's keys fetched) and is not counted. Each import prints rows/s
// (rows / wall time of the POST), and, while it
// runs, GET /api/health is probed every ~100 ms (one probe at a time): p50,
// p99 and max latency and any answer other than 200; the host's own
// event-loop delay (bench/eventLoopProbe.ts) tells how much of that the host
// held its loop, and how much went to the probe's hops through the host and
// to the machine's other work. The host's RSS is sampled every 50 ms (peak
// per import, and the process's high-water mark). A one-row import, timed five
// times, gives the fixed cost of a request (token, Partner Center, the
// import's documents); µs/row nets it out, to compare sizes.
// Rows are spread evenly over the month; BENCH_ORDER=shuffled sends them in
// a scrambled order (every day met again and again) instead of time order.
// The last stdout line is one JSON object with the figures.
//
// Env: BENCH_SIZES (comma-separated row counts, default 10000,100000,1000000),
//   BENCH_INTO (rows of the import into a filled month, default 1000000; 0 skips it),
//   BENCH_ORDER (time | shuffled), BENCH_PROBE_MS (default 100).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { freePort, healthy } from './hostProcess';
import { count } from './benchEnv';

const ROOT = path.join(__dirname, '..');
const FABRIKAM = '10000000-0000-4000-8000-000000000001';
const CONTOSO_ADMIN = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] };
const HEADER = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability,Charge\n';
const DESTINATIONS = ['Germany', 'DE', 'France', 'United Kingdom', 'US'];
const ORDER = process.env.BENCH_ORDER === 'shuffled' ? 'shuffled' : 'time';
const PROBE_MS = count('BENCH_PROBE_MS', 100, 10);

interface ImportFigures {
    name: string;
    rows: number;
    month: string;
    status: number;
    accepted: number | null;
    seconds: number;
    rowsPerSecond: number;
    /** Wall time per row, less the fixed cost of a request. */
    usPerRow: number;
    health: { probes: number; p50Ms: number; p99Ms: number; maxMs: number; not200: Record<string, number> };
    eventLoop: { p50Ms: number; p99Ms: number; maxMs: number };
    rssPeakMB: number;
}

async function main(): Promise<void> {
    const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    const into = count('BENCH_INTO', 1_000_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-bench-import-'));
    const loopFile = path.join(dataDir, 'event-loop.json');
    const port = await freePort();
    const host = spawn(process.execPath, ['--require', path.join(__dirname, 'eventLoopProbe.js'), path.join(ROOT, 'local', 'main.js')], {
        cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, PORT: String(port), DATA_DIR: path.join(dataDir, 'host-data'), HTTP_MAX_REQUEST_BODY_BYTES: String(4 * 1024 ** 3), BENCH_EVENT_LOOP_FILE: loopFile },
    });
    const url = `http://127.0.0.1:${port}`;
    const results: ImportFigures[] = [];
    try {
        await healthy(url);
        const token = await tokenFor(url);
        const warmUp = await post(`${url}/api/customers/${FABRIKAM}/usage`, token, Readable.from(report(10_000, '2025-11', 'warm')));
        if (warmUp.status !== 200) throw new Error(`warm-up import: ${warmUp.status} ${warmUp.body.slice(0, 500)}`);
        const fixed: number[] = [];
        for (let i = 0; i < 5; i++) {
            const t0 = performance.now();
            await post(`${url}/api/customers/${FABRIKAM}/usage`, token, Readable.from(report(1, '2025-12', `one${i}`)));
            fixed.push((performance.now() - t0) / 1000);
        }
        const fixedSeconds = fixed.sort((a, b) => a - b)[2];
        const rssIdleMB = rssMB(host);
        console.log(`host pid ${host.pid}, RSS idle ${rssIdleMB} MB; rows in ${ORDER} order; a one-row import takes ${Math.round(fixedSeconds * 1000)} ms; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
        // each size its own month (2026-01, 2026-02, …); the import "into" goes to the largest one's month
        const months = sizes.map((_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
        const loop = () => eventLoopSince(host, loopFile);
        const measureOne = (name: string, rows: number, month: string, idPrefix: string) => measure(host, url, token, name, rows, month, idPrefix, fixedSeconds, loop);
        for (const [i, rows] of sizes.entries()) results.push(await measureOne(`${rows}`, rows, months[i], `s${i}`));
        if (into > 0 && sizes.length) {
            const filled = sizes.includes(into) ? sizes.indexOf(into) : sizes.indexOf(Math.max(...sizes));
            results.push(await measureOne(`${into} into ${sizes[filled]}`, into, months[filled], 'into'));
        }
        for (const r of results) {
            console.log(`${r.name.padEnd(20)} ${r.status} ${String(r.accepted).padStart(8)} accepted in ${r.seconds.toFixed(1).padStart(6)} s: ${Math.round(r.rowsPerSecond).toLocaleString('en').padStart(8)} rows/s, ${r.usPerRow.toFixed(1)} µs/row net; `
                + `health p50 ${r.health.p50Ms} ms, p99 ${r.health.p99Ms} ms, max ${r.health.maxMs} ms over ${r.health.probes} probes${Object.keys(r.health.not200).length ? `, not 200: ${JSON.stringify(r.health.not200)}` : ''}; `
                + `host event loop delay p50 ${r.eventLoop.p50Ms} ms, p99 ${r.eventLoop.p99Ms} ms, max ${r.eventLoop.maxMs} ms; RSS peak ${r.rssPeakMB} MB`);
        }
        const hwm = rssHighWaterMB(host);
        console.log(`host RSS high-water mark ${hwm} MB (idle ${rssIdleMB} MB); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
        console.log(JSON.stringify({ order: ORDER, cpus: os.cpus().length, fixedMs: Math.round(fixedSeconds * 1000), rssIdleMB, rssHighWaterMB: hwm, results }));
    } finally {
        host.kill('SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

async function measure(host: ChildProcess, url: string, token: string, name: string, rows: number, month: string, idPrefix: string, fixedSeconds: number, loop: () => Promise<ImportFigures['eventLoop']>): Promise<ImportFigures> {
    await loop(); // counting starts now
    let rssPeak = rssMB(host);
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssMB(host)); }, 50);
    const probes = healthProbes(url);
    const started = performance.now();
    try {
        const res = await post(`${url}/api/customers/${FABRIKAM}/usage`, token, Readable.from(report(rows, month, idPrefix)));
        const seconds = (performance.now() - started) / 1000;
        const health = await probes.stop();
        const eventLoop = await loop();
        if (res.status !== 200) console.log(`${name}: ${res.status} ${res.body.slice(0, 500)}`);
        const accepted = res.status === 200 ? (JSON.parse(res.body) as { accepted: number }).accepted : null;
        return { name, rows, month, status: res.status, accepted, seconds, rowsPerSecond: rows / seconds, usPerRow: ((seconds - fixedSeconds) / rows) * 1e6, health, eventLoop, rssPeakMB: rssPeak };
    } finally {
        clearInterval(sampler);
        await probes.stop();
    }
}

/** GET /api/health, one probe at a time, every PROBE_MS from the end of the last. */
function healthProbes(url: string) {
    const latencies: number[] = [];
    const not200: Record<string, number> = {};
    let stopped = false;
    const loop = (async () => {
        while (!stopped) {
            const t0 = performance.now();
            const status = await get(`${url}/api/health`);
            latencies.push(performance.now() - t0);
            if (status !== 200) not200[status] = (not200[status] ?? 0) + 1;
            await new Promise((r) => setTimeout(r, PROBE_MS));
        }
    })();
    return {
        async stop() {
            stopped = true;
            await loop;
            const sorted = [...latencies].sort((a, b) => a - b);
            const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
            return { probes: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round(sorted[sorted.length - 1] ?? 0), not200 };
        },
    };
}

/** The status of a GET (its own connection each time, so one slow answer cannot hold the next probe); 0 when it failed. */
function get(url: string): Promise<number | string> {
    return new Promise((resolve) => {
        const req = http.get(url, { agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
        req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
}

/** `rows` calls spread evenly over `month`, in time order or scrambled (a bijection, so nothing is held). */
function* report(rows: number, month: string, idPrefix: string): Generator<string> {
    const start = Date.parse(`${month}-01T00:00:00Z`);
    const spacing = Math.floor((28 * 86_400_000) / rows);
    // i ↦ (i × step) mod rows is a permutation when step and rows share no factor
    let step = ORDER === 'shuffled' ? Math.floor(rows * 0.618) | 1 : 1;
    while (ORDER === 'shuffled' && gcd(step, rows) !== 1) step += 2;
    yield HEADER;
    for (let next = 0; next < rows;) {
        let text = '';
        for (const end = Math.min(rows, next + 2000); next < end; next++) {
            const i = (next * step) % rows;
            const dest = DESTINATIONS[i % DESTINATIONS.length];
            const intl = dest === 'Germany' || dest === 'DE' ? 'Domestic' : 'International';
            text += `${idPrefix}-${i.toString(16).padStart(8, '0')}-7a1e-4000-8000-00000000f00d,${new Date(start + i * spacing).toISOString()},${(i * 7) % 900},user_out,user,${intl},${dest},DE,EUR,${i % 3 ? 'MCOPSTN1' : 'MCOPSTN2'},0\n`;
        }
        yield text;
    }
}

/** The host's event-loop delay since the last call (bench/eventLoopProbe.ts answers SIGUSR2). */
async function eventLoopSince(host: ChildProcess, file: string): Promise<ImportFigures['eventLoop']> {
    fs.rmSync(file, { force: true });
    host.kill('SIGUSR2');
    for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ImportFigures['eventLoop'];
}

function gcd(a: number, b: number): number {
    return b === 0 ? a : gcd(b, a % b);
}

/** POSTs the stream with node:http, whose pipe waits for the socket to drain. */
function post(url: string, token: string, body: Readable): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
        });
        req.on('error', reject);
        body.pipe(req);
    });
}

async function tokenFor(url: string): Promise<string> {
    const res = await fetch(`${url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CONTOSO_ADMIN) });
    return ((await res.json()) as { access_token: string }).access_token;
}

function rssMB(child: ChildProcess): number {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024); // Linux, as CI
}

function rssHighWaterMB(child: ChildProcess): number {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024);
}

main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
});
