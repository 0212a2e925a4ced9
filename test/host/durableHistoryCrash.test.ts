// A host killed with SIGKILL in the middle of an orchestration with a long
// history, restarted on the same data dir: the new process rebuilds the
// replay from the history rows and the orchestration completes with the right
// output, every step once in its history, in order.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/testHost';
import { freePort, until } from '../helpers/wait';

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
