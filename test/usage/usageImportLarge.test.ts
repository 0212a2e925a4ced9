// A 2,000,000-row usage report, generated as it is sent and imported as it
// arrives: the host's memory must not grow with the file. The host runs in
// this process, so its RSS is sampled here while the upload streams.
import * as http from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { readMonthCalls } from '../../shared/usage/usageStore';
import { getStateStore } from '../../shared/runtime';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

const ROWS = Number(process.env.USAGE_LARGE_ROWS ?? 2_000_000);
/** Measured: see the report in the test's output; the bound leaves room for GC timing. */
const MAX_RSS_GROWTH_MB = 300;
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

let h: AppHost;
beforeAll(async () => {
    process.env.HTTP_MAX_REQUEST_BODY_BYTES = String(2 * 1024 ** 3); // the file is ~220 MB; Azure's default limit is 100 MB
    h = await startAppHost();
});
afterAll(async () => {
    delete process.env.HTTP_MAX_REQUEST_BODY_BYTES;
    await h.stop();
});

test(`${ROWS.toLocaleString('en')} rows, streamed: all accepted, memory bounded`, async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let ticks = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); if (process.env.USAGE_SNAP && ticks === 120) require('v8').writeHeapSnapshot('/tmp/ubench/h.heapsnapshot'); if (process.env.USAGE_TRACE && ++ticks % 50 === 0) process.stderr.write(`${ticks / 10}s rss ${Math.round(process.memoryUsage().rss / 1e6)} heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} ext ${Math.round(process.memoryUsage().external / 1e6)} ab ${Math.round(process.memoryUsage().arrayBuffers / 1e6)}\n`); }, 100);
    const started = Date.now();
    const token = await h.token('contosoAdmin');
    let res: { status: number; json: any };
    try {
        res = await post(`${h.url}/api/customers/${CUSTOMERS.fabrikam}/usage`, token, Readable.from(report(ROWS)));
    } finally {
        clearInterval(sampler);
    }
    const body = res.json;
    const importMs = Date.now() - started;
    const growthMB = Math.round((peak - before) / 1e6);
    console.log(`usage import of ${ROWS} rows: ${importMs} ms, RSS before ${Math.round(before / 1e6)} MB, peak growth ${growthMB} MB`);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ rowsRead: ROWS, accepted: ROWS, duplicates: 0, badRows: 0, months: ['2026-10'], committed: true });
    expect(growthMB).toBeLessThan(MAX_RSS_GROWTH_MB);

    // read back as the accrual does, in order, one day at a time
    const readStarted = Date.now();
    let count = 0;
    let last = -Infinity;
    for await (const call of readMonthCalls(getStateStore(), CUSTOMERS.fabrikam, '2026-10')) {
        if (call.start < last) throw new Error(`out of order at ${call.usageId}`);
        last = call.start;
        count++;
    }
    console.log(`readMonthCalls: ${count} calls in ${Date.now() - readStarted} ms`);
    expect(count).toBe(ROWS);
}, 600_000);
