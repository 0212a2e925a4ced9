// Memory bench: ten concurrent 90 MB POSTs without a token to the overage
// enablement endpoint of a host process, and how far the host's RSS grows
// while it refuses them. Two apps, each on its own host:
//   buffered   the same route with HTTP streaming off: the host reads each body whole before invoking
//   streaming  the product app (HTTP streaming on): the function answers 401 before the body is read
// The last stdout line is one JSON object with the figures.
//
// Env: BENCH_UPLOADS (default 10), BENCH_UPLOAD_MB (default 90), BENCH_ONLY=buffered,streaming.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, healthy } from './hostProcess';
import { count, selected } from './benchEnv';

type Mode = 'buffered' | 'streaming';
const ALL: Mode[] = ['buffered', 'streaming'];
const UPLOADS = count('BENCH_UPLOADS', 10, 1);
const BYTES = count('BENCH_UPLOAD_MB', 90, 1) * 1_000_000;
const ROOT = path.join(__dirname, '..');
const APPS: Record<Mode, string> = {
    buffered: path.join(__dirname, 'apps', 'bufferedUploadApp.js'),
    streaming: path.join(ROOT, 'functions', 'index.js'),
};
const ROUTE = '/api/customers/10000000-0000-4000-8000-000000000001/overage/enablements';

interface Result {
    mode: Mode;
    uploads: number;
    declaredMB: number;
    statuses: Record<string, number>;
    /** What the clients managed to send before their answer, all uploads together. */
    sentMB: number;
    rssIdleMB: number;
    rssPeakMB: number;
    rssGrowthMB: number;
    wallMs: number;
}

async function main(): Promise<void> {
    const results: Result[] = [];
    for (const mode of selected(ALL, 'mode(s)')) results.push(await run(mode));
    for (const r of results) {
        console.log(`${r.mode.padEnd(9)} ${r.uploads} × ${r.declaredMB} MB: RSS idle ${r.rssIdleMB} MB, peak ${r.rssPeakMB} MB, growth ${r.rssGrowthMB} MB; sent ${r.sentMB} MB in ${r.wallMs} ms; statuses ${JSON.stringify(r.statuses)}`);
    }
    console.log(JSON.stringify({ uploads: UPLOADS, bytesEach: BYTES, results }));
}

async function run(mode: Mode): Promise<Result> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-bench-upload-'));
    const port = await freePort();
    const host = spawn(process.execPath, [path.join(ROOT, 'local', 'main.js')], {
        cwd: ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_ENTRY: APPS[mode] }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
        await healthy(`http://localhost:${port}`, { ms: 30_000, ready: (status) => status !== 0 && status !== 503 });
        await new Promise((r) => setTimeout(r, 500)); // let start-up garbage settle
        const idle = rssMB(host);
        let peak = idle;
        const sampler = setInterval(() => { peak = Math.max(peak, rssMB(host)); }, 20);
        const started = Date.now();
        const outcomes = await Promise.all(Array.from({ length: UPLOADS }, () => upload(port)));
        const wallMs = Date.now() - started;
        await new Promise((r) => setTimeout(r, 200));
        clearInterval(sampler);
        peak = Math.max(peak, rssMB(host));
        const statuses: Record<string, number> = {};
        for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
        const sent = outcomes.reduce((n, o) => n + o.sent, 0);
        return { mode, uploads: UPLOADS, declaredMB: BYTES / 1e6, statuses, sentMB: Math.round(sent / 1e6), rssIdleMB: idle, rssPeakMB: peak, rssGrowthMB: peak - idle, wallMs };
    } finally {
        host.kill('SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

/** One POST declaring BYTES; writes until the answer arrives (or everything is sent). */
function upload(port: number): Promise<{ status: string; sent: number }> {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    return new Promise((resolve) => {
        let sent = 0;
        let answered = false;
        const req = http.request({ port, method: 'POST', path: ROUTE, agent: false, headers: { 'content-type': 'application/json', 'content-length': BYTES } });
        const done = (status: string) => {
            if (answered) return;
            answered = true;
            req.destroy();
            resolve({ status, sent });
        };
        req.on('response', (res) => { res.resume(); done(String(res.statusCode)); });
        req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'error'));
        const write = () => {
            while (!answered && sent < BYTES) {
                const piece = BYTES - sent < chunk.length ? chunk.subarray(0, BYTES - sent) : chunk;
                sent += piece.length;
                if (!req.write(piece)) return void req.once('drain', write);
            }
            if (!answered) req.end();
        };
        write();
    });
}

function rssMB(child: ChildProcess): number {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'); // Linux: the bench runs where CI runs
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
});
