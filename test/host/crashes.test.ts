// Host processes (the compiled host, dist/local/main.js) killed with SIGKILL
// and restarted on the same data dir: an orchestration mid-way, one with a
// long history, and an enablement of the app whose subscription was being
// created. One file: each part spawns its own host process.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS, CUSTOMERS } from '../helpers/appHost';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

describe('an orchestration mid-way', () => {
    // A host process killed with SIGKILL mid-orchestration, restarted on the same
    // data dir: the orchestration carries on and completes; activities ran at
    // least once each and none was lost.
    const ROOT = path.join(__dirname, '..', '..');
    const KEY = 'crash-test-key';

    function startHost(dataDir: string, port: number, stepLog: string): ChildProcess {
        return spawn(process.execPath, [path.join(ROOT, 'dist', 'local', 'main.js')], {
            cwd: ROOT,
            env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_ENTRY: path.join(ROOT, 'test', 'apps', 'crashApp.js'), DURABLE_SYSTEM_KEY: KEY, STEP_LOG: stepLog },
            stdio: ['ignore', 'ignore', 'inherit'],
        });
    }

    const api = (port: number, p: string) => `http://localhost:${port}/runtime/webhooks/durabletask/${p}${p.includes('?') ? '&' : '?'}code=${KEY}`;
    const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

    test('SIGKILL mid-orchestration, restart on the same data dir, and it completes', async () => {
        const dataDir = tempDir('too-crash-');
        const stepLog = path.join(dataDir, 'steps.log');
        const port = await freePort();
        let child = startHost(dataDir, port, stepLog);
        try {
            await until(async () => ((await fetch(`http://localhost:${port}/runtime/webhooks/durabletask/instances/x?code=${KEY}`)).status === 404 ? true : undefined), 15000);
            const started = await fetch(api(port, 'orchestrators/slowSequence/crash-1'), { method: 'POST' });
            expect(started.status).toBe(202);
            await until(async () => (lines(stepLog).length >= 2 ? true : undefined), 15000);

            child.kill('SIGKILL');
            await new Promise((r) => child.once('exit', r));
            const beforeCrash = lines(stepLog).length;
            expect(beforeCrash).toBeLessThan(6);

            child = startHost(dataDir, port, stepLog);
            const status = await until(async () => {
                const res = await fetch(api(port, 'instances/crash-1'));
                const body = (await res.json()) as { runtimeStatus: string; output: unknown };
                return res.status === 200 ? body : undefined;
            }, 30000);
            expect(status).toMatchObject({ runtimeStatus: 'Completed', output: [1, 2, 3, 4, 5, 6] });
            const steps = lines(stepLog).map((l) => Number(l.split(':')[1]));
            // every step ran; at most the one in flight at the kill ran twice
            expect(new Set(steps)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
            expect(steps.length).toBeLessThanOrEqual(7);
        } finally {
            child.kill('SIGKILL');
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });
});

describe('an orchestration with a long history', () => {
    // A host killed with SIGKILL in the middle of an orchestration with a long
    // history, restarted on the same data dir: the new process rebuilds the
    // replay from the history rows and the orchestration completes with the right
    // output, every step once in its history, in order.
    const ROOT = path.join(__dirname, '..', '..');
    const KEY = 'history-crash-key';
    const QUICK = 300;
    const SLOW = 6;

    function startHost(dataDir: string, port: number, stepLog: string): ChildProcess {
        return spawn(process.execPath, [path.join(ROOT, 'dist', 'local', 'main.js')], {
            cwd: ROOT,
            env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_ENTRY: path.join(__dirname, 'durableHistoryApp.js'), DURABLE_SYSTEM_KEY: KEY, STEP_LOG: stepLog },
            stdio: ['ignore', 'ignore', 'inherit'],
        });
    }

    interface Event { EventType: string; EventId: number; TaskScheduledId?: number }

    const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

    test('SIGKILL during a long orchestration, restart on the same data dir: it completes from its history rows', async () => {
        const dataDir = tempDir('too-history-crash-');
        const stepLog = path.join(dataDir, 'steps.log');
        const port = await freePort();
        const api = (p: string) => `http://localhost:${port}/runtime/webhooks/durabletask/${p}${p.includes('?') ? '&' : '?'}code=${KEY}`;
        let child = startHost(dataDir, port, stepLog);
        try {
            await until(async () => ((await fetch(api('instances/x'))).status === 404 ? true : undefined), 15000);
            const started = await fetch(api('orchestrators/longThenSlow/long-crash'), { method: 'POST', body: JSON.stringify({ quick: QUICK, slow: SLOW }) });
            expect(started.status).toBe(202);
            // the quick steps are done (a history of over a thousand events) and the slow ones under way
            await until(() => (lines(stepLog).length >= 2 ? true : undefined), 30000);
            child.kill('SIGKILL');
            await new Promise((r) => child.once('exit', r));
            expect(lines(stepLog).length).toBeLessThan(SLOW);

            child = startHost(dataDir, port, stepLog);
            const status = await until(async () => {
                const res = await fetch(api('instances/long-crash'));
                return res.status === 200 ? ((await res.json()) as { runtimeStatus: string; output: unknown }) : undefined;
            }, 60000);
            expect(status).toMatchObject({ runtimeStatus: 'Completed', output: QUICK + SLOW });
            const history = ((await (await fetch(api('instances/long-crash?showHistory=true'))).json()) as { history: Event[] }).history;
            const ids = Array.from({ length: QUICK + SLOW }, (_, i) => i);
            expect(history.filter((e) => e.EventType === 'TaskScheduled').map((e) => e.EventId)).toEqual(ids);
            expect(history.filter((e) => e.EventType === 'TaskCompleted').map((e) => e.TaskScheduledId)).toEqual(ids);
            expect(history[history.length - 1].EventType).toBe('ExecutionCompleted');
            // every slow step ran; at most the one in flight at the kill ran twice
            expect(new Set(lines(stepLog))).toEqual(new Set(ids.slice(QUICK).map(String)));
            expect(lines(stepLog).length).toBeLessThanOrEqual(SLOW + 1);
        } finally {
            child.kill('SIGKILL');
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });
});

describe('an enablement creating its subscription', () => {
    // A host killed with SIGKILL right after Azure carried out the run's alias
    // PUT and before the run heard the answer (the simulator holds the answer
    // back, and the test waits for its write log to show the PUT): after a
    // restart on the same data dir the step runs again, its PUT finds the alias
    // that exists (200, not a second 201), the run completes, and the customer
    // has exactly one new subscription.
    const ROOT = path.join(__dirname, '..', '..');

    test('SIGKILL while the subscription is being created: the run resumes and exactly one subscription exists', async () => {
        const dir = tempDir('too-enable-crash-');
        const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
        world.delays = { aliasCreationMs: 200, overageUpdateMs: 50, planTransitionMs: 50 };
        const worldFile = path.join(dir, 'world.json');
        fs.writeFileSync(worldFile, JSON.stringify(world));
        const port = await freePort();
        const base = `http://localhost:${port}`;
        const start = (): ChildProcess => spawn(process.execPath, [path.join(ROOT, 'dist', 'local', 'main.js')], {
            cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
            env: { ...process.env, PORT: String(port), DATA_DIR: path.join(dir, 'data'), SIMULATOR_WORLD: worldFile, OVERAGE_POLL_INTERVAL_MS: '100', DURABLE_SYSTEM_KEY: 'crash-key' },
        });
        let child = start();
        try {
            await until(async () => ((await fetch(`${base}/api/health`)).status === 200 ? true : undefined), 60_000);
            const { access_token: token } = await (await fetch(`${base}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENTS.contosoAdmin) })).json() as { access_token: string };
            // the alias PUT is carried out at once, its answer held back long enough to kill the host first
            const faults = await fetch(`${base}/simulator/faults`, {
                method: 'POST', headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ faults: [{ match: { method: 'PUT', pathPattern: '^/providers/Microsoft\\.Subscription/aliases/' }, kind: 'slowAnswer', latencyMs: 2000, times: 1 }] }),
            });
            expect(faults.status).toBe(200);
            const res = await fetch(`${base}/api/customers/${CUSTOMERS.woodgrove}/overage/enablements`, {
                method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
                body: JSON.stringify({ service: 'PhoneServices', azureEntitlementId: 'new' }),
            });
            expect(res.status).toBe(202);
            const runUrl = res.headers.get('location')!;
            const read = async () => {
                const r = await fetch(runUrl, { headers: { authorization: `Bearer ${token}` } });
                return r.status === 200 ? ((await r.json()) as { status: string; step: string; result?: string; azureEntitlementId?: string }) : undefined;
            };
            const aliasPuts = async () => ((await (await fetch(`${base}/simulator/log`)).json()) as { entries: Array<{ method: string; path: string; status: number }> }).entries
                .filter((e) => e.method === 'PUT' && e.path.startsWith('/providers/Microsoft.Subscription/aliases/'));
            await until(async () => ((await aliasPuts()).length > 0 ? true : undefined), 10000);

            child.kill('SIGKILL');
            await new Promise((r) => child.once('exit', r));
            child = start();

            const done = await until(async () => {
                const r = await read();
                return r && r.status !== 'running' ? r : undefined;
            }, 60_000);
            expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
            const puts = await aliasPuts();
            expect(puts.map((p) => p.status)).toEqual([201, 200]); // the restarted step found the alias it had made
            expect(new Set(puts.map((p) => p.path)).size).toBe(1);
            const customer = (await (await fetch(`${base}/simulator/customers/${CUSTOMERS.woodgrove}`)).json()) as { azure: { entitlements: Array<{ id: string }> } };
            expect(customer.azure.entitlements).toEqual([{ id: done.azureEntitlementId, name: 'Subscription 1' }]);
        } finally {
            child.kill('SIGKILL');
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 180_000); // two host starts of a built app: seconds on an idle machine, far more on a loaded one
});
