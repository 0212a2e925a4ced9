// A host killed with SIGKILL right after Azure carried out the run's alias
// PUT and before the run heard the answer (the simulator holds the answer
// back, and the test waits for its write log to show the PUT): after a
// restart on the same data dir the step runs again, its PUT finds the alias
// that exists (200, not a second 201), the run completes, and the customer
// has exactly one new subscription.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { AGENTS, CUSTOMERS } from '../helpers/appHost';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

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
        await until(async () => ((await fetch(`${base}/api/health`)).status === 200 ? true : undefined), 20000);
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
        }, 30000);
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
});
