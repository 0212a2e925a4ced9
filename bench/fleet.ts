// Fleet bench: a distributor's fleet (a generated world, simulator/world/
// generate.ts --fleet distributor, delays 0) on an in-process LocalHost with
// LMDB in a temp dir, everything over loopback HTTP.
//
//   sync  the fleet sync timer, run once (POST /admin/functions/readModelSync): every served
//         partner's customer list, each customer assessed as each partner that lists it sees it.
//         Wall time, and the requests that reached the simulated Partner Center (and credits API),
//         ARM and Graph, per customer of the world.
//   get   autocannon, C connections for D seconds, as Tailspin's SalesAgent: GET /api/readiness
//         round robin over the whole fleet's first page, a state filter, a blocker filter, a name
//         search and a page deep in the list. p99 latency (goal < 100 ms).
//   csv   GET /api/readiness.csv of the whole fleet: time to the last byte and rows (goal < 2 s
//         for 10,000 rows).
//   job   a bulk job enabling J ready customers (POST /api/jobs/enablements with their ids, as
//         Tailspin's AdminAgent), followed until it ends: enablements per second, then, per customer,
//         the runs the app recorded (exactly one) and the Azure subscriptions the simulator holds
//         (one more than before, or the first under a new plan).
//
// Env: BENCH_FLEET_CUSTOMERS (10000), BENCH_SEED (1), BENCH_SYNC_CONCURRENCY (8:
//      READ_MODEL_SYNC_CONCURRENCY), BENCH_CONNECTIONS (20), BENCH_DURATION_S (10),
//      BENCH_JOB_CUSTOMERS (1000), BENCH_JOB_CONCURRENCY (16: JOB_CONCURRENCY), BENCH_POLL_MS (20),
//      BENCH_ONLY=sync,get,csv,job (sync always runs: the others need its fleet).
// The last stdout line is one JSON object with the figures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { LocalHost } from '../local/host';
import { generateWorld } from '../simulator/world/generate';
import { count, gc, selected } from './benchEnv';
import { countSimulatorCalls, fetchJson, meter, partnerCenterCalls, pool } from './benchTools';

type Phase = 'sync' | 'get' | 'csv' | 'job';
const PHASES: Phase[] = ['sync', 'get', 'csv', 'job'];

const CUSTOMERS = count('BENCH_FLEET_CUSTOMERS', 10_000, 1);
const SEED = count('BENCH_SEED', 1, 0);
const SYNC_CONCURRENCY = count('BENCH_SYNC_CONCURRENCY', 8, 1);
const CONNECTIONS = count('BENCH_CONNECTIONS', 20, 1);
const DURATION_S = count('BENCH_DURATION_S', 10, 1);
const JOB_CUSTOMERS = count('BENCH_JOB_CUSTOMERS', 1000, 1);
const JOB_CONCURRENCY = count('BENCH_JOB_CONCURRENCY', 16, 1);
const POLL_MS = count('BENCH_POLL_MS', 20, 1);
const ONLY = selected(PHASES, 'phase(s)');
const APP_ENTRY = path.resolve(__dirname, '..', 'functions', 'index.js');
const DISTRIBUTOR = '2001';
const AGENTS = {
    admin: { partnerId: DISTRIBUTOR, upn: 'admin@tailspin-distribution.example', roles: ['AdminAgent'] },
    sales: { partnerId: DISTRIBUTOR, upn: 'sales@tailspin-distribution.example', roles: ['SalesAgent'] },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number | undefined) => (n === undefined ? null : Math.round(n * 10) / 10);

async function main(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-bench-fleet-'));
    const logs: Array<Record<string, unknown>> = [];
    let host: LocalHost | undefined;
    try {
        const t0 = performance.now();
        const { world } = generateWorld({ customers: CUSTOMERS, seed: SEED, delays: 'zero', fleet: 'distributor' });
        const worldPath = path.join(dir, 'world.json');
        fs.writeFileSync(worldPath, JSON.stringify(world));
        console.log(`world: ${CUSTOMERS} customers (distributor fleet, seed ${SEED}) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
        Object.assign(process.env, {
            DATA_DIR: dir, OVERAGE_POLL_INTERVAL_MS: String(POLL_MS), READ_MODEL_SYNC_CONCURRENCY: String(SYNC_CONCURRENCY),
            JOB_CONCURRENCY: String(JOB_CONCURRENCY), JOB_POLL_MS: String(Math.max(POLL_MS, 50)),
        });
        host = await LocalHost.start({ appEntry: APP_ENTRY, port: 0, dataDir: dir, simulator: { worldPath }, log: (l) => void logs.push(l as Record<string, unknown>), disableTimers: true });
        const base = `http://127.0.0.1:${new URL(host.url).port}`;
        const token = async (agent: keyof typeof AGENTS) => (await fetchJson(`${base}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENTS[agent]) })).json.access_token as string;
        const tokens = { admin: await token('admin'), sales: await token('sales') };
        const as = (t: string) => ({ authorization: `Bearer ${t}` });

        // ---- sync
        gc();
        const calls = countSimulatorCalls(host);
        const m = meter();
        const invoked = await fetch(`${base}/admin/functions/readModelSync`, { method: 'POST', headers: { 'x-functions-key': host.systemKey } });
        if (invoked.status !== 202) throw new Error(`the sync did not start: ${invoked.status}`);
        const ended = () => logs.find((l) => l.function === 'readModelSync' && (l.outcome === 'succeeded' || l.outcome === 'failed'));
        while (!ended()) await sleep(50);
        const sync = { ...m(), calls: calls.stop(), outcome: ended()!.outcome };
        const first = await fetchJson(`${base}/api/readiness?limit=1`, { headers: as(tokens.sales) });
        const counts = first.json.counts as Record<string, number>;
        const pcPerCustomer = partnerCenterCalls(sync.calls) / CUSTOMERS;
        console.log(`sync: ${sync.outcome} in ${(sync.wallMs / 1000).toFixed(1)} s (cpu ${(sync.cpuMs / 1000).toFixed(1)} s, loop ${(sync.loop * 100).toFixed(0)}%), `
            + `calls ${JSON.stringify(sync.calls)}: ${pcPerCustomer.toFixed(2)} Partner Center calls per customer; Tailspin's fleet ${JSON.stringify(counts)}`);
        for (const l of logs.filter((x) => x.function === 'readModelSync' && typeof x.message === 'string').slice(-8)) console.log(`  ${String(l.message)}`);

        // ---- get
        let get: { rps: number; p50: number; p99: number; non2xx: number } | undefined;
        if (ONLY.includes('get')) {
            let deep: string | null = null;
            for (let i = 0, t: string | null = null; i < 10; i++) {
                t = (await fetchJson(`${base}/api/readiness?limit=100${t ? `&continuationToken=${t}` : ''}`, { headers: as(tokens.sales) })).json.continuationToken;
                deep = t;
            }
            const paths = ['/api/readiness', '/api/readiness?state=blocked', '/api/readiness?blocker=gdap-missing&limit=50', '/api/readiness?q=ltd', `/api/readiness?limit=100${deep ? `&continuationToken=${deep}` : ''}`];
            gc();
            // a worker thread of its own, so the load is not generated on the host's event loop
            const r = await autocannon({
                url: base, connections: CONNECTIONS, duration: DURATION_S, headers: as(tokens.sales), workers: 1,
                requests: paths.map((p) => ({ method: 'GET', path: p })),
            });
            get = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
            console.log(`get: ${r.requests.total} requests, ${get.rps.toFixed(0)}/s, p50 ${get.p50} ms, p99 ${get.p99} ms, non-2xx ${get.non2xx}, errors ${r.errors}`);
        }

        // ---- csv
        let csv: { ms: number; rows: number; bytes: number } | undefined;
        if (ONLY.includes('csv')) {
            gc();
            const t1 = performance.now();
            const res = await fetch(`${base}/api/readiness.csv`, { headers: as(tokens.sales) });
            const text = await res.text();
            csv = { ms: performance.now() - t1, rows: text.split('\n').filter(Boolean).length - 1, bytes: text.length };
            console.log(`csv: ${res.status}, ${csv.rows} rows, ${(csv.bytes / 1e6).toFixed(1)} MB in ${csv.ms.toFixed(0)} ms`);
        }

        // ---- job
        let job: { enabled: number; perS: number; wallS: number; counts: Record<string, number>; oneRunEach: number; oneSubscriptionEach: number; checked: number } | undefined;
        if (ONLY.includes('job')) {
            const ready: string[] = [];
            for (let t: string | null = null; ready.length < JOB_CUSTOMERS;) {
                const page: any = (await fetchJson(`${base}/api/readiness?state=ready&limit=500${t ? `&continuationToken=${t}` : ''}`, { headers: as(tokens.sales) })).json;
                ready.push(...page.items.map((x: any) => x.customerTenantId));
                t = page.continuationToken;
                if (!t) break;
            }
            const chosen = ready.slice(0, JOB_CUSTOMERS);
            const before = new Map<string, number>();
            await pool(chosen, 20, async (c) => { before.set(c, (await fetchJson(`${base}/simulator/customers/${c}`)).json.azure.entitlements.length); });
            gc();
            const jm = meter();
            const posted = await fetchJson(`${base}/api/jobs/enablements`, { method: 'POST', headers: { ...as(tokens.admin), 'content-type': 'application/json' }, body: JSON.stringify({ customers: chosen }) });
            if (posted.status !== 202) throw new Error(`the job was not accepted: ${posted.status} ${JSON.stringify(posted.json)}`);
            let state: any = posted.json;
            while (!['completed', 'cancelled', 'failed'].includes(state.status)) {
                await sleep(250);
                state = (await fetchJson(`${base}/api/jobs/${encodeURIComponent(state.id)}`, { headers: as(tokens.admin) })).json;
            }
            const wall = jm();
            let oneRunEach = 0;
            let oneSubscriptionEach = 0;
            await pool(chosen, 20, async (c) => {
                const runs = (await fetchJson(`${base}/api/customers/${c}/overage/runs?limit=50`, { headers: as(tokens.admin) })).json.items as any[];
                if (runs.filter((r) => r.kind === 'enable').length === 1) oneRunEach++;
                const after = (await fetchJson(`${base}/simulator/customers/${c}`)).json.azure.entitlements.length;
                if (after === before.get(c)! + 1) oneSubscriptionEach++;
            });
            job = { enabled: state.counts.enabled, perS: state.counts.enabled / (wall.wallMs / 1000), wallS: wall.wallMs / 1000, counts: state.counts, oneRunEach, oneSubscriptionEach, checked: chosen.length };
            console.log(`job: ${chosen.length} ready customers: ${JSON.stringify(state.counts)} in ${job.wallS.toFixed(1)} s (${job.perS.toFixed(1)} enabled/s, cpu ${(wall.cpuMs / 1000).toFixed(1)} s); `
                + `exactly one run: ${oneRunEach}/${chosen.length}, exactly one new subscription: ${oneSubscriptionEach}/${chosen.length}`);
        }

        console.log(JSON.stringify({
            bench: 'fleet', customers: CUSTOMERS, sync_s: round1(sync.wallMs / 1000), pc_calls_per_customer: Math.round(pcPerCustomer * 100) / 100, fleet_rows: counts.total,
            get_rps: round1(get?.rps), get_p99_ms: round1(get?.p99), csv_rows: csv?.rows ?? null, csv_ms: csv ? Math.round(csv.ms) : null,
            job_customers: job?.checked ?? null, job_enabled: job?.enabled ?? null, job_enabled_per_s: round1(job?.perS), job_one_run_each: job?.oneRunEach ?? null, job_one_subscription_each: job?.oneSubscriptionEach ?? null,
        }));
    } finally {
        await host?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
