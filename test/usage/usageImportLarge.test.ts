// A 2,000,000-row usage report (~230 MB), generated as it is sent and
// imported as it arrives: the host's memory must not grow with the file. The
// host runs as a process of its own (the compiled host, dist/local/main.js,
// as `npm start` runs it), so the import runs at Node's speed, not inside
// jest's module sandbox (measured ~6x slower); a probe loaded into that
// process (memoryProbe.js) samples its memory while the upload streams. Then
// the month is read back from the host's store in order, as the accrual reads it.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createStateStore } from '../../shared/adapters/state/stateStores';
import { readMonthCalls } from '../../shared/features/usage/usageStore';
import { AGENTS, CUSTOMERS } from '../helpers/appHost';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

const ROOT = path.join(__dirname, '..', '..');
const ROWS = 2_000_000;
/** Measured in the host process: ~85 MB and ~5 MB (the test prints its figures); 2,000,000 calls held as objects would take several hundred MB. */
const MAX_RSS_GROWTH_MB = 250;
const MAX_LIVE_HEAP_GROWTH_MB = 100;
const MONTH_START = Date.parse('2026-10-01T00:00:00Z');
const SPACING_MS = Math.floor((31 * 86_400_000) / ROWS);
const HEADER = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability,Charge\n';
const DESTINATIONS = ['Germany', 'DE', 'France', 'United Kingdom', 'US'];

function row(i: number): string {
    const id = `${i.toString(16).padStart(8, '0')}-7a1e-4000-8000-00000000f00d`;
    const start = new Date(MONTH_START + i * SPACING_MS).toISOString();
    const dest = DESTINATIONS[i % DESTINATIONS.length];
    const intl = dest === 'Germany' || dest === 'DE' ? 'Domestic' : 'International';
    return `${id},${start},${(i * 7) % 900},user_out,user,${intl},${dest},DE,EUR,${i % 3 ? 'MCOPSTN1' : 'MCOPSTN2'},0\n`;
}

/** The report, made chunk by chunk as the upload pulls it. */
function* report(rows: number): Generator<string> {
    yield HEADER;
    for (let next = 0; next < rows;) {
        let text = '';
        for (const end = Math.min(rows, next + 2000); next < end; next++) text += row(next);
        yield text;
    }
}

/**
 * POSTs the stream with node:http, whose pipe waits for the socket to drain
 * (fetch with a ReadableStream body was measured buffering ~100 MB per
 * million rows on the client side, which would count against the host here).
 */
function post(url: string, token: string, body: Readable): Promise<{ status: number; json: any }> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
            res.on('error', reject);
        });
        req.on('error', reject);
        pipeline(body, req, (err) => { if (err) reject(err); });
    });
}

let host: ChildProcess;
let url: string;
let dataDir: string;
beforeAll(async () => {
    dataDir = tempDir('too-usage-large-');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    host = spawn(process.execPath, ['--expose-gc', '--require', path.join(__dirname, 'memoryProbe.js'), path.join(ROOT, 'dist', 'local', 'main.js')], {
        cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        // the file is ~220 MB; Azure's default limit is 100 MB
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, HTTP_MAX_REQUEST_BODY_BYTES: String(2 * 1024 ** 3), DURABLE_SYSTEM_KEY: 'usage-large-key' },
    });
    await until(async () => ((await fetch(`${url}/api/health`)).status === 200 ? true : undefined), 60_000, 100);
}, 90_000);
afterAll(async () => {
    if (host.exitCode === null) {
        host.kill('SIGKILL');
        await new Promise((r) => host.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The host's memory growth while `work` runs, as its probe saw it. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssGrowthMB: number; liveHeapGrowthMB: number }> {
    host.send('start');
    const started = Date.now();
    const result = await work();
    const ms = Date.now() - started;
    const growth = new Promise<{ rssGrowthMB: number; liveHeapGrowthMB: number }>((resolve) => host.once('message', resolve as (m: unknown) => void));
    host.send('stop');
    return { result, ms, ...(await growth) };
}

test(`${ROWS.toLocaleString('en')} rows, streamed: all accepted, memory bounded`, async () => {
    const token = (await (await fetch(`${url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENTS.contosoAdmin) })).json() as { access_token: string }).access_token;
    const { result: res, ms, rssGrowthMB, liveHeapGrowthMB } = await measured(() => post(`${url}/api/customers/${CUSTOMERS.fabrikam}/usage`, token, Readable.from(report(ROWS))));
    console.log(`usage import of ${ROWS} rows: ${ms} ms; the host's peak growth: RSS ${rssGrowthMB} MB, live heap ${liveHeapGrowthMB} MB`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rowsRead: ROWS, accepted: ROWS, duplicates: 0, badRows: 0, months: ['2026-10'], committed: true });
    expect(rssGrowthMB).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(liveHeapGrowthMB).toBeLessThan(MAX_LIVE_HEAP_GROWTH_MB);

    // stopped cleanly, the host leaves its store to be read back as the accrual does, in order, one day at a time
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    const store = createStateStore({ DATA_DIR: dataDir });
    try {
        const readStarted = Date.now();
        let count = 0;
        let last = -Infinity;
        for await (const call of readMonthCalls(store, CUSTOMERS.fabrikam, '2026-10')) {
            if (call.start < last) throw new Error(`out of order at ${call.usageId}`);
            last = call.start;
            count++;
        }
        console.log(`readMonthCalls: ${count} calls in ${Date.now() - readStarted} ms`);
        expect(count).toBe(ROWS);
    } finally {
        await store.close();
    }
}, 600_000);
