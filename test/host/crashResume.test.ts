// A host process killed with SIGKILL mid-orchestration, restarted on the same
// data dir: the orchestration carries on and completes; activities ran at
// least once each and none was lost.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

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
