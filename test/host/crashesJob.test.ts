// A host process (the compiled host, dist/local/main.js) killed with SIGKILL
// twice in the middle of a bulk enablement job, each time restarted on the
// same data dir: the job carries on from its durable history, finishes, and
// every customer has exactly one run (counted in the overage-runs container)
// and exactly one new subscription at the simulator.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { createStateStore } from '../../shared/adapters/state/stateStores';
import type { StoredRun } from '../../shared/features/overage/runs';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS } from '../helpers/appHost';
import { fleetCustomers, saveFleet, withFleet } from '../helpers/jobWorld';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

const ROOT = path.join(__dirname, '..', '..');
const KEY = 'job-crash-key';
/** Slower Microsoft than the end-to-end tests: each run takes a while, so the kill finds runs in flight. */
const FLEET = fleetCustomers(200, 30, (i) => (i % 6 === 5 ? 'blocked' : 'enabled'));

test('SIGKILL mid-job twice, restarts on the same data dir: the job finishes with exactly one run and one new subscription per customer', async () => {
    const dir = tempDir('too-job-crash-');
    const dataDir = path.join(dir, 'data');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    withFleet(world, FLEET);
    world.delays = { aliasCreationMs: 300, overageUpdateMs: 200, planTransitionMs: 50 };
    const worldFile = path.join(dir, 'world.json');
    fs.writeFileSync(worldFile, JSON.stringify(world));
    // the fleet view, written before the host opens the store
    const seed = createStateStore({ DATA_DIR: dataDir });
    await saveFleet(seed, '1001', FLEET);
    await seed.close();

    const port = await freePort();
    const base = `http://localhost:${port}`;
    const start = (): ChildProcess => spawn(process.execPath, [path.join(ROOT, 'dist', 'local', 'main.js')], {
        cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
        env: {
            ...process.env, PORT: String(port), DATA_DIR: dataDir, SIMULATOR_WORLD: worldFile, DURABLE_SYSTEM_KEY: KEY,
            OVERAGE_POLL_INTERVAL_MS: '100', JOB_CONCURRENCY: '5', JOB_POLL_MS: '150',
        },
    });
    let child = start();
    try {
        await until(async () => ((await fetch(`${base}/api/health`)).status === 200 ? true : undefined), 20_000);
        const { access_token: token } = await (await fetch(`${base}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENTS.contosoAdmin) })).json() as { access_token: string };
        const api = async (method: string, p: string, body?: unknown) => {
            const res = await fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
            return { status: res.status, headers: res.headers, json: (await res.json()) as any };
        };
        const posted = await api('POST', '/api/jobs/enablements', { customers: FLEET.map((c) => c.tenantId) });
        expect(posted.status).toBe(202);
        const jobPath = new URL(posted.headers.get('location')!).pathname;

        // killed twice: each time some customers are done and some runs in flight
        for (const done of [6, 16]) {
            await until(async () => {
                const res = await api('GET', jobPath).catch(() => undefined);
                const counts = res?.status === 200 ? res.json.counts : undefined;
                return counts && counts.enabled + counts.blocked >= done && counts.running > 0 ? true : undefined;
            }, 60_000, 50);
            child.kill('SIGKILL');
            await new Promise((r) => child.once('exit', r));
            child = start();
        }

        const job = await until(async () => {
            const res = await api('GET', jobPath).catch(() => undefined);
            return res?.status === 200 && res.json.status === 'completed' ? res.json : undefined;
        }, 90_000, 200);
        const blocked = FLEET.filter((c) => c.kind === 'blocked').length;
        expect(job.counts).toEqual({ queued: 0, running: 0, enabled: FLEET.length - blocked, blocked, refused: 0, failed: 0, skipped: 0 });
        const items = (await api('GET', `${jobPath}/items?limit=100`)).json.items;
        expect(items.map((i: { customerTenantId: string }) => i.customerTenantId)).toEqual(FLEET.map((c) => c.tenantId));

        // one new subscription per customer that got overage, at the simulator
        for (const c of FLEET.filter((x) => x.kind === 'enabled')) {
            const sim = (await (await fetch(`${base}/simulator/customers/${c.tenantId}`)).json()) as { azure: { entitlements: unknown[] }; overage: Array<{ overageEnabled: boolean }> };
            expect([c.name, sim.azure.entitlements.length, sim.overage.map((o) => o.overageEnabled)]).toEqual([c.name, 2, [true]]);
        }
    } finally {
        child.kill('SIGKILL');
        await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(undefined)));
    }
    // exactly one run per customer in the overage-runs container, and it ended (the host is gone: the store is ours to read)
    const store = createStateStore({ DATA_DIR: dataDir });
    try {
        for (const c of FLEET) {
            const runs = await store.query<StoredRun>(CONTAINERS.runs, { partitionKey: c.tenantId });
            expect([c.name, runs.length, runs.map((r) => r.ended?.status)]).toEqual([c.name, 1, ['completed']]);
        }
    } finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 180_000);
