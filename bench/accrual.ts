// Accrual bench: one synthetic month (bench/accrualData.ts: 10,000 customers,
// 2,000,000 calls by default, seeded) rated three ways, side by side:
//
//   core     the app's path from the usage CSV: the usage import's reader (openUsageCsv in
//            shared/features/usage/usageCsv.ts, streaming the file), its row check and
//            normalisation (checkUsageRow), then the rating core (shared/core/rating/rateMonth.ts,
//            one MonthRating per customer: add each call, finish). Runs in a fresh child process,
//            whose peak RSS is reported. core_calls_per_s = CSV rows / wall seconds.
//   split    where the core's time goes, in another child: the reader alone, and csv-parse alone
//            (which the reader replaced, for comparison); then read + normalise with each
//            customer's calls collected and rated apart (MonthRating setup, add, finish timed
//            separately); and the rating alone over calls already in memory.
//            BENCH_CPU_PROF=1 also writes a V8 CPU profile of the core run and prints its top
//            functions by self time.
//   duckdb1  the same rules as SQL (bench/accrualSql.ts) on DuckDB in memory, threads = 1,
//            reading the same CSV with read_csv; side tables (customers, pools, settings, rate
//            cards) are loaded before the clock starts, as the core gets its RatingInputs.
//   duckdb   the same with DuckDB's default threads (one per core).
//   e2e      the app on an in-process LocalHost with the simulator: each customer's rows are
//            POSTed to /api/customers/{id}/usage, then POST /api/accruals/{month} is followed to
//            its end. On BENCH_E2E_CUSTOMERS customers (200 by default, cloned from the demo's
//            Fabrikam, so their licenses and settings are the simulator's); skipped (null) when
//            the endpoints answer 404.
//
// The core's and both DuckDB runs' results are compared customer by customer (bench/accrualSql.ts
// CustomerTotals: billable minutes, pool minutes, missing rates, credits used, recharges, overage,
// refused calls and amount, lines with their quantities, totals and ids).
// The last stdout line is one JSON object with the figures.
//
// Options (or env): --customers N (BENCH_CUSTOMERS, 10000), --calls N (BENCH_CALLS, 2000000),
//   --seed N (BENCH_SEED), --e2e-customers N (BENCH_E2E_CUSTOMERS, 200),
//   --only core,split,duckdb1,duckdb,e2e (BENCH_ONLY), --keep (keep the temp dir with the CSV),
//   BENCH_CPU_PROF=1.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import type { UsageCall } from '../shared/core/rating/ratingModel';
import { MonthRating } from '../shared/core/rating/rateMonth';
import { ratingRules } from '../shared/core/rating/ratingRules';
import { matchHeader, RawUsageRow, rowOf, type UsageColumn } from '../shared/features/usage/usageColumns';
import { openUsageCsv } from '../shared/features/usage/usageCsv';
import { checkUsageRow } from '../shared/features/usage/usageRow';
import { AccrualData, BenchCustomer, generateAccrualData, ratingInputOf, readAccrualData } from './accrualData';
import { compareTotals, CustomerTotals, grandTotals, runAccrualSql, SqlRun, totalsOfResult } from './accrualSql';

type Phase = 'core' | 'split' | 'duckdb1' | 'duckdb' | 'e2e';
const PHASES: Phase[] = ['core', 'split', 'duckdb1', 'duckdb', 'e2e'];

export interface CoreRun {
    ms: number;
    rows: number;
    billable: number;
    free: number;
    bad: number;
    totals: Map<string, CustomerTotals>;
    /** split mode: ms spent in checkUsageRow, and in MonthRating's constructor, add and finish (the rest is reading). */
    checkMs?: number;
    setupMs?: number;
    addMs?: number;
    finishMs?: number;
}

/** Who reads the CSV: the usage import's own reader (shared/features/usage/usageCsv.ts), or csv-parse, which it replaced, for comparison. */
export type CsvReader = 'app' | 'csv-parse';

/** One usage row of the file: its UPN (the bench's customer key) and the row, or undefined for a malformed record. */
type OnRow = (upn: string, row: RawUsageRow | undefined) => void;

/** Calls `onRow` with every row of the file, in order. */
async function readRows(file: string, reader: CsvReader, onRow: OnRow): Promise<void> {
    if (reader === 'csv-parse') return readRowsWithCsvParse(file, onRow);
    const opened = await openUsageCsv(fs.createReadStream(file), { also: ['UPN'] });
    if (!('rows' in opened)) throw new Error(`the usage CSV lacks columns: ${'missing' in opened ? opened.missing.join(', ') : 'all'}`);
    if (!opened.header.includes('UPN')) throw new Error('the usage CSV lacks columns: UPN');
    for await (const input of opened.rows) {
        if ('row' in input) onRow(input.also![0], input.row);
        else onRow('', undefined);
    }
}

async function readRowsWithCsvParse(file: string, onRow: OnRow): Promise<void> {
    let header: Header | undefined;
    for await (const values of fs.createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true })) as AsyncIterable<string[]>) {
        if (!header) header = headerOf(values);
        else onRow(values[header.upnAt], rowOf(values, header.positions));
    }
}

interface Header { positions: Record<UsageColumn, number>; upnAt: number }

/** Where the columns the rating reads are, and the UPN (the bench's customer key). */
function headerOf(values: string[]): Header {
    const matched = matchHeader(values.map((h) => h.trim()));
    const upnAt = values.findIndex((h) => h.trim() === 'UPN');
    if ('missing' in matched || upnAt < 0) throw new Error(`the usage CSV lacks columns: ${'missing' in matched ? matched.missing.join(', ') : 'UPN'}`);
    return { positions: matched.positions, upnAt };
}

/** Parses, normalises and rates the usage CSV with the app's code; `split` times the rating apart (each customer's calls collected first). */
export async function rateCsvWithCore(data: AccrualData, mode: 'full' | 'split' | 'parse' = 'full', reader: CsvReader = 'app'): Promise<CoreRun> {
    const rules = ratingRules({});
    const byDomain = new Map(data.customers.map((c) => [c.domain, c]));
    const done = new Set<string>();
    const totals = new Map<string, CustomerTotals>();
    const run: CoreRun = { ms: 0, rows: 0, billable: 0, free: 0, bad: 0, totals, ...(mode === 'split' ? { checkMs: 0, setupMs: 0, addMs: 0, finishMs: 0 } : {}) };
    const t0 = performance.now();

    let customer: BenchCustomer | undefined;
    let rating: MonthRating | undefined;
    let pending: UsageCall[] = [];
    const open = (c: BenchCustomer) => {
        if (done.has(c.tenantId)) throw new Error(`the usage of ${c.domain} is not contiguous: the bench reads the file one customer at a time`);
        done.add(c.tenantId);
        customer = c;
        if (mode === 'full') rating = new MonthRating(ratingInputOf(c, data, rules));
    };
    const close = () => {
        if (!customer) return;
        if (mode === 'full') totals.set(customer.tenantId, totalsOfResult(rating!.finish()));
        else if (mode === 'split') {
            let t = performance.now();
            const r = new MonthRating(ratingInputOf(customer, data, rules));
            run.setupMs! += performance.now() - t;
            t = performance.now();
            for (const call of pending) r.add(call);
            run.addMs! += performance.now() - t;
            t = performance.now();
            const result = r.finish();
            run.finishMs! += performance.now() - t;
            totals.set(customer.tenantId, totalsOfResult(result));
            pending = [];
        }
        customer = undefined;
    };

    let domain = '';
    await readRows(data.csvPath, reader, (upn, row) => {
        run.rows++;
        if (!row) {
            run.bad++;
            return;
        }
        const d = upn.slice(upn.indexOf('@') + 1);
        if (d !== domain) {
            close();
            const c = byDomain.get(d);
            if (!c) throw new Error(`line ${run.rows + 1}: no bench customer has the UPN domain ${d}`);
            open(c);
            domain = d;
        }
        if (mode === 'parse') return;
        const t = mode === 'split' ? performance.now() : 0;
        const checked = checkUsageRow(row, rules);
        if (mode === 'split') run.checkMs! += performance.now() - t;
        if (checked.kind === 'bad') run.bad++;
        else if (checked.kind === 'free') run.free++;
        else {
            run.billable++;
            if (mode === 'full') rating!.add(checked.call);
            else pending.push(checked.call);
        }
    });
    close();
    if (mode !== 'parse') {
        // customers without a single row still get their month (all zero)
        for (const c of data.customers) {
            if (done.has(c.tenantId)) continue;
            totals.set(c.tenantId, totalsOfResult(new MonthRating(ratingInputOf(c, data, rules)).finish()));
        }
    }
    run.ms = performance.now() - t0;
    return run;
}

/** The rating alone: every customer's calls already parsed and normalised in memory (not the fair comparison; for the split). */
export async function rateInMemory(data: AccrualData): Promise<{ ms: number; calls: number }> {
    const rules = ratingRules({});
    const calls = new Map<string, UsageCall[]>();
    const byDomain = new Map(data.customers.map((c) => [c.domain, c]));
    let n = 0;
    await readRows(data.csvPath, 'app', (upn, row) => {
        const checked = row && checkUsageRow(row, rules);
        if (checked?.kind !== 'billable') return;
        const tenant = byDomain.get(upn.slice(upn.indexOf('@') + 1))!.tenantId;
        let list = calls.get(tenant);
        if (!list) calls.set(tenant, list = []);
        list.push(checked.call);
        n++;
    });
    const t0 = performance.now();
    for (const c of data.customers) {
        const r = new MonthRating(ratingInputOf(c, data, rules));
        for (const call of calls.get(c.tenantId) ?? []) r.add(call);
        r.finish();
    }
    return { ms: performance.now() - t0, calls: n };
}

// ---------------------------------------------------------------------------
// e2e: import plus accrual through the host

export interface E2eRun {
    customers: number;
    calls: number;
    importMs: number;
    accrualMs: number;
    ms: number;
    outcome: unknown;
    note?: string;
}

/** POSTs the first `n` customers' rows (as clones of the demo's Fabrikam, overage on) and runs the month's accrual as operator. */
export async function runE2e(data: AccrualData, n: number): Promise<E2eRun> {
    const { LocalHost } = await import('../local/host');
    const { enablementWorld } = await import('./enablementWorld');
    const { world, customers: clones } = enablementWorld(n);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-accrual-e2e-'));
    clones.forEach((c, i) => { world.customers[i].overage = [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: c.azureEntitlementId, overageEnabled: true }]; });
    const worldPath = path.join(dir, 'world.json');
    let running: Awaited<ReturnType<typeof LocalHost.start>> | undefined;
    try {
        fs.writeFileSync(worldPath, JSON.stringify(world));
        process.env.DATA_DIR = dir;
        const host = running = await LocalHost.start({ appEntry: path.resolve(__dirname, '..', 'functions', 'index.js'), port: 0, dataDir: dir, simulator: { worldPath }, log: () => {}, disableTimers: true });
        const call = async (method: string, urlPath: string, body?: string, headers: Record<string, string> = {}) => {
            const res = await fetch(`${host.url}${urlPath}`, { method, body, headers });
            const text = await res.text();
            let json: any;
            try { json = JSON.parse(text); } catch { json = undefined; }
            return { status: res.status, json, text, headers: res.headers };
        };
        const operator = { 'x-functions-key': host.systemKey };
        const rates = await call('PUT', '/api/rates', JSON.stringify(data.rateCards), { ...operator, 'content-type': 'application/json' });
        if (rates.status !== 200) throw new Error(`PUT /api/rates: ${rates.status} ${rates.text}`);
        const token = (await call('POST', '/simulator/token', JSON.stringify({ partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] }), { 'content-type': 'application/json' })).json.access_token as string;

        // each customer's rows, as its own report file: the first n customers' rows open the file (it is grouped by customer)
        const files: string[][] = Array.from({ length: n }, () => []);
        const index = new Map(data.customers.slice(0, n).map((c, i) => [c.domain, i]));
        let header = '';
        let calls = 0;
        for await (const line of readline.createInterface({ input: fs.createReadStream(data.csvPath), crlfDelay: Infinity })) {
            if (!header) { header = line; continue; }
            const at = line.indexOf('@');
            const k = index.get(line.slice(at + 1, line.indexOf(',', at)));
            if (k === undefined) break;
            files[k].push(line);
            calls++;
        }
        for (const f of files) f.unshift(header);

        const t0 = performance.now();
        const probe = await call('POST', `/api/customers/${clones[0].tenantId}/usage`, files[0].join('\n') + '\n', { authorization: `Bearer ${token}`, 'content-type': 'text/csv' });
        if (probe.status === 404) return { customers: n, calls, importMs: 0, accrualMs: 0, ms: 0, outcome: null, note: 'POST /api/customers/{id}/usage answered 404: the usage import is not there' };
        if (probe.status !== 200) throw new Error(`usage import: ${probe.status} ${probe.text.slice(0, 500)}`);
        let next = 1;
        await Promise.all(Array.from({ length: 8 }, async () => {
            while (next < n) {
                const k = next++;
                const res = await call('POST', `/api/customers/${clones[k].tenantId}/usage`, files[k].join('\n') + '\n', { authorization: `Bearer ${token}`, 'content-type': 'text/csv' });
                if (res.status !== 200) throw new Error(`usage import of customer ${k}: ${res.status} ${res.text.slice(0, 500)}`);
            }
        }));
        const importMs = performance.now() - t0;

        const t1 = performance.now();
        const started = await call('POST', `/api/accruals/${data.month}`, undefined, operator);
        if (started.status === 404) return { customers: n, calls, importMs, accrualMs: 0, ms: 0, outcome: null, note: 'POST /api/accruals/{month} answered 404: the accrual is not there' };
        if (started.status !== 202) throw new Error(`POST /api/accruals/${data.month}: ${started.status} ${started.text.slice(0, 500)}`);
        const self = new URL(started.headers.get('location')!);
        for (;;) {
            const res = await call('GET', self.pathname + self.search, undefined, operator);
            if (res.status === 200 && res.json.status !== 'running') {
                const accrualMs = performance.now() - t1;
                if (res.json.status !== 'completed') throw new Error(`the accrual ended ${res.json.status}: ${res.text.slice(0, 500)}`);
                return { customers: n, calls, importMs, accrualMs, ms: importMs + accrualMs, outcome: res.json.outcome };
            }
            await new Promise((r) => setTimeout(r, 50));
        }
    } finally {
        await running?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// ---------------------------------------------------------------------------
// the bench: children for each measurement, so each has its own peak RSS

interface Options {
    customers: number;
    calls: number;
    seed: number;
    e2eCustomers: number;
    only: Phase[];
    keep: boolean;
}

function options(argv: string[]): Options {
    const arg = (name: string) => {
        const i = argv.indexOf(`--${name}`);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const int = (name: string, env: string, fallback: number, min = 1) => {
        const raw = arg(name) ?? process.env[env];
        if (raw === undefined || raw === '') return fallback;
        const n = Number(raw.replace(/_/g, ''));
        if (!Number.isInteger(n) || n < min) throw new Error(`--${name} / ${env} must be an integer >= ${min}, got '${raw}'`);
        return n;
    };
    const only = (arg('only') ?? process.env.BENCH_ONLY ?? PHASES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = only.filter((p) => !PHASES.includes(p as Phase));
    if (unknown.length) throw new Error(`--only / BENCH_ONLY: unknown phase(s) ${unknown.join(', ')} (known: ${PHASES.join(', ')})`);
    return {
        customers: int('customers', 'BENCH_CUSTOMERS', 10_000),
        calls: int('calls', 'BENCH_CALLS', 2_000_000),
        seed: int('seed', 'BENCH_SEED', 20260301, 0),
        e2eCustomers: int('e2e-customers', 'BENCH_E2E_CUSTOMERS', 200),
        only: PHASES.filter((p) => only.includes(p)),
        keep: argv.includes('--keep'),
    };
}

type ChildResult =
    | { phase: 'core'; run: CoreRun; peakRssMb: number }
    | { phase: 'split'; readMs: number; csvParseMs: number; run: CoreRun; memory: { ms: number; calls: number }; peakRssMb: number }
    | { phase: 'duckdb1' | 'duckdb'; run: SqlRun; peakRssMb: number }
    | { phase: 'e2e'; run: E2eRun; peakRssMb: number };

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function child(phase: Phase, dir: string, e2eCustomers: number): Promise<ChildResult> {
    const data = readAccrualData(dir);
    switch (phase) {
        case 'core': {
            const run = await rateCsvWithCore(data, 'full');
            return { phase, run, peakRssMb: peakRssMb() };
        }
        case 'split': {
            const readMs = (await rateCsvWithCore(data, 'parse')).ms;
            const csvParseMs = (await rateCsvWithCore(data, 'parse', 'csv-parse')).ms;
            const run = await rateCsvWithCore(data, 'split');
            const memory = await rateInMemory(data);
            return { phase, readMs, csvParseMs, run, memory, peakRssMb: peakRssMb() };
        }
        case 'duckdb1':
        case 'duckdb':
            return { phase, run: await runAccrualSql(data, phase === 'duckdb1' ? 1 : undefined), peakRssMb: peakRssMb() };
        case 'e2e':
            return { phase, run: await runE2e(data, Math.min(e2eCustomers, data.customers.length)), peakRssMb: peakRssMb() };
    }
}

function inChild(phase: Phase, dir: string, o: Options, execArgv: string[] = []): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
        const p = fork(__filename, ['--child', phase, '--dir', dir, '--e2e-customers', String(o.e2eCustomers)], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let result: ChildResult | undefined;
        p.on('message', (m) => { result = m as ChildResult; });
        p.on('error', reject);
        p.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the ${phase} child exited with ${code} and no result`))));
    });
}

/** The accrual job's outcome in a few words: how many customers, how many incomplete (calls without a rate: the data has some on purpose) or failed. */
function outcomeOf(outcome: unknown): string {
    const o = outcome as { customers?: number; incomplete?: unknown[]; failed?: unknown[] } | null;
    return o ? `outcome: ${o.customers} customers rated, ${o.incomplete?.length ?? 0} incomplete (calls without a rate), ${o.failed?.length ?? 0} failed` : 'no outcome';
}

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number) => Math.round(x);

/** The top functions of a V8 CPU profile by self time, with their file. */
function profileSummary(file: string, top = 25): string[] {
    const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Array<{ id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] };
    const self = new Map<number, number>();
    prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const node of prof.nodes) {
        const us = self.get(node.id) ?? 0;
        total += us;
        const f = node.callFrame;
        const where = f.url ? `${path.relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
        const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
        byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    }
    return [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}

async function main(): Promise<void> {
    const o = options(process.argv.slice(2));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-accrual-bench-'));
    const t = performance.now();
    const data = generateAccrualData({ customers: o.customers, calls: o.calls, seed: o.seed, dir });
    const bytes = fs.statSync(data.csvPath).size;
    console.log(`generated ${data.calls} calls for ${data.customers.length} customers (seed ${data.seed}, ${data.month}) in ${s(performance.now() - t)}: ${data.csvPath} (${mb(bytes / 1048576)} MB)`);

    const results: Partial<Record<Phase, ChildResult>> = {};
    try {
        for (const phase of o.only) {
            const prof = process.env.BENCH_CPU_PROF === '1' && phase === 'core' ? ['--cpu-prof', '--cpu-prof-dir', path.join(dir, 'prof')] : [];
            const r = await inChild(phase, dir, o, prof);
            results[phase] = r;
            if (r.phase === 'core') {
                console.log(`core     ${s(r.run.ms)}  ${rate(r.run.rows, r.run.ms)} calls/s (openUsageCsv + checkUsageRow + MonthRating)  peak RSS ${mb(r.peakRssMb)} MB  rows ${r.run.rows}: billable ${r.run.billable}, free ${r.run.free}, bad ${r.run.bad}`);
                if (prof.length) {
                    const file = fs.readdirSync(path.join(dir, 'prof')).find((f) => f.endsWith('.cpuprofile'));
                    if (file) for (const line of profileSummary(path.join(dir, 'prof', file))) console.log(`  profile ${line}`);
                }
            } else if (r.phase === 'split') {
                const { run } = r;
                const rateMs = run.setupMs! + run.addMs! + run.finishMs!;
                console.log(`split    openUsageCsv alone ${s(r.readMs)} (${rate(run.rows, r.readMs)} rows/s; csv-parse alone ${s(r.csvParseMs)}, ${rate(run.rows, r.csvParseMs)} rows/s); checkUsageRow ${s(run.checkMs!)}; rating ${s(rateMs)}: MonthRating setup ${s(run.setupMs!)}, add ${s(run.addMs!)} (${rate(run.billable, run.addMs!)} billable calls/s), finish ${s(run.finishMs!)}`);
                console.log(`split    rating alone over calls in memory: ${s(r.memory.ms)} = ${rate(run.rows, r.memory.ms)} CSV rows/s (${rate(r.memory.calls, r.memory.ms)} billable calls/s); peak RSS ${mb(r.peakRssMb)} MB with every call in memory`);
            } else if (r.phase === 'duckdb1' || r.phase === 'duckdb') {
                console.log(`${r.phase.padEnd(8)} ${s(r.run.ms)}  ${rate(data.calls, r.run.ms)} calls/s (threads ${r.run.threads}; rated ${s(r.run.stepsMs[0])}, lines ${s(r.run.stepsMs[1])}, totals ${s(r.run.stepsMs[2])})  peak RSS ${mb(r.peakRssMb)} MB  billable rows ${r.run.rows}, lines ${r.run.lines}`);
            } else if (r.phase === 'e2e') {
                const e = r.run;
                console.log(e.note ? `e2e      skipped: ${e.note}` : `e2e      ${e.customers} customers, ${e.calls} calls: import ${s(e.importMs)} (${rate(e.calls, e.importMs)} calls/s), accrual ${s(e.accrualMs)}; ${rate(e.calls, e.ms)} calls/s end to end; ${outcomeOf(e.outcome)}`);
            }
        }
    } finally {
        if (o.keep) console.log(`kept ${dir}`);
        else fs.rmSync(dir, { recursive: true, force: true });
    }

    // the results, customer by customer
    const core = results.core?.phase === 'core' ? results.core.run.totals : results.split?.phase === 'split' ? results.split.run.totals : undefined;
    const sqls = (['duckdb1', 'duckdb'] as const).map((p) => results[p]).filter((r): r is Extract<ChildResult, { phase: 'duckdb1' | 'duckdb' }> => !!r);
    let totalsMatch: boolean | null = null;
    if (core && sqls.length) {
        totalsMatch = true;
        for (const r of sqls) {
            const diff = compareTotals(core, r.run.totals);
            if (diff.length) {
                totalsMatch = false;
                console.log(`MISMATCH core vs ${r.phase}: ${diff.length} customer(s) differ, e.g. ${JSON.stringify(diff.slice(0, 3))}`);
            }
        }
        if (totalsMatch) console.log(`totals   core = ${sqls.map((r) => r.phase).join(' = ')} for all ${core.size} customers: ${JSON.stringify(grandTotals(core))}`);
    }
    const coreRun = results.core?.phase === 'core' ? results.core : undefined;
    const duck1 = results.duckdb1?.phase === 'duckdb1' ? results.duckdb1.run : undefined;
    const duck = results.duckdb?.phase === 'duckdb' ? results.duckdb.run : undefined;
    const e2e = results.e2e?.phase === 'e2e' ? results.e2e.run : undefined;
    const coreRate = coreRun ? rate(coreRun.run.rows, coreRun.run.ms) : null;
    const duck1Rate = duck1 ? rate(data.calls, duck1.ms) : null;
    console.log(JSON.stringify({
        bench: 'accrual',
        calls: data.calls,
        customers: data.customers.length,
        core_calls_per_s: coreRate,
        core_peak_rss_mb: coreRun ? mb(coreRun.peakRssMb) : null,
        core_rate_only_calls_per_s: results.split?.phase === 'split' ? rate(data.calls, results.split.memory.ms) : null,
        core_read_rows_per_s: results.split?.phase === 'split' ? rate(data.calls, results.split.readMs) : null,
        csv_parse_rows_per_s: results.split?.phase === 'split' ? rate(data.calls, results.split.csvParseMs) : null,
        duckdb1_calls_per_s: duck1Rate,
        duckdb_calls_per_s: duck ? rate(data.calls, duck.ms) : null,
        duckdb_threads: duck?.threads ?? null,
        ratio_vs_duckdb1: coreRate !== null && duck1Rate ? Math.round((coreRate / duck1Rate) * 100) / 100 : null,
        totals_match: totalsMatch,
        e2e_calls_per_s: e2e && !e2e.note ? rate(e2e.calls, e2e.ms) : null,
        e2e_calls: e2e && !e2e.note ? e2e.calls : null,
        e2e_customers: e2e && !e2e.note ? e2e.customers : null,
        ...(e2e?.note ? { e2e_note: e2e.note } : {}),
    }));
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    const at = argv.indexOf('--child');
    if (at >= 0) {
        child(argv[at + 1] as Phase, argv[argv.indexOf('--dir') + 1], Number(argv[argv.indexOf('--e2e-customers') + 1]))
            .then((r) => process.send!(r, () => process.exit(0)))
            .catch((err) => { console.error(err); process.exit(1); });
    } else {
        main().catch((err) => { console.error(err); process.exit(1); });
    }
}
