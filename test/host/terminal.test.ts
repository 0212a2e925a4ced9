// `npm start` as a person and as Azure's log pipeline see it: on a terminal
// (a pseudo-terminal from util-linux's `script`) a banner saying where to go,
// then one readable line per request and run step, in colour unless NO_COLOR;
// JSON lines when stdout is a pipe or LOG_FORMAT=json. `npm run key` prints
// the operator key the host runs with, which no log line holds.
// Runs the compiled host (dist/local/main.js): `npm run build` first.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { tempDir } from '../helpers/testHost';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'local', 'main.js');
const WOODGROVE = '10000000-0000-4000-8000-000000000002';
const ESC = '\x1b[';
const stripColour = (s: string) => s.replace(/\x1b\[\d+m/g, '');

interface Started { child: ChildProcess; dataDir: string; out(): string; waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>; stop(): Promise<void> }

/** The compiled host on a free port with its own data dir (a fast demo world), on a pseudo-terminal or a pipe. */
function startHost(o: { tty: boolean; env?: Record<string, string> }): Started {
    const dataDir = tempDir('too-term-');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    fs.writeFileSync(path.join(dataDir, 'world.json'), JSON.stringify(world));
    const env: Record<string, string | undefined> = { ...process.env, PORT: '0', DATA_DIR: dataDir, SIMULATOR_WORLD: path.join(dataDir, 'world.json'), OVERAGE_POLL_INTERVAL_MS: '50', TERM: 'xterm-256color', ...o.env };
    // a person's terminal: no CI variable (Node's colour depth reads CI=true, as CI runs this, as no colour)
    for (const name of ['DURABLE_SYSTEM_KEY', 'FORCE_COLOR', 'CI', ...(o.env?.NO_COLOR ? [] : ['NO_COLOR']), ...(o.env?.LOG_FORMAT ? [] : ['LOG_FORMAT'])]) delete env[name];
    // `script -qfec CMD /dev/null` runs CMD on a new pseudo-terminal and copies what it writes to our pipe
    const child = o.tty
        ? spawn('script', ['-qfec', `exec ${process.execPath} ${MAIN}`, '/dev/null'], { cwd: ROOT, env, detached: true })
        : spawn(process.execPath, [MAIN], { cwd: ROOT, env, detached: true });
    let out = '';
    // a terminal ends lines with CRLF; normalised on the whole text, since a chunk may end between the two
    child.stdout!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
        child, dataDir,
        out: () => out.replace(/\r\n/g, '\n'),
        async waitFor(pattern, ms = 45_000) {
            const end = Date.now() + ms;
            for (;;) {
                const m = stripColour(out.replace(/\r\n/g, '\n')).match(pattern);
                if (m) return m;
                if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${pattern} in the host's output:\n${out}`);
                await new Promise((r) => setTimeout(r, 50));
            }
        },
        async stop() {
            // the process group we started: `script` and the host under it
            if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
            await exited;
            fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
}

/**
 * `npm run --silent key` in the repository, as a person runs it. Asynchronous, so the host's
 * connections stay served meanwhile (a blocked event loop would leave fetch a kept-alive socket the host closed).
 */
function npmKey(env: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const npm = spawn('npm', ['run', '--silent', 'key'], { cwd: ROOT, env: { ...process.env, DURABLE_SYSTEM_KEY: undefined, ...env } });
        let stdout = '';
        let stderr = '';
        npm.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
        npm.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
        npm.on('close', (status) => resolve({ status, stdout, stderr }));
    });
}

beforeAll(() => {
    if (spawnSync('script', ['--version']).error) throw new Error("util-linux's `script` is missing (apt-get install -y util-linux): it gives the host a pseudo-terminal here");
});

test('on a terminal: the banner first, then one line per request and run step, in colour; `npm run key` gives the key no line holds', async () => {
    const host = startHost({ tty: true });
    try {
        const [, url] = await host.waitFor(/Local host ready on (http:\/\/localhost:\d+) \(\d+ functions\)/);
        await host.waitFor(/Ctrl\+C stops\./);
        const lines = stripColour(host.out()).split('\n').filter((l) => l.trim());
        expect(lines.slice(0, 8)).toEqual([
            expect.stringMatching(/^Local host ready on http:\/\/localhost:\d+ \(\d+ functions\)$/),
            `  Console       ${url}/api/console`,
            `  API docs      ${url}/api/docs`,
            `  Mailbox       ${url}/simulator/mailbox`,
            `  Health        ${url}/api/health`,
            `  Data          ${host.dataDir}`,
            '  Operator key  npm run key prints it (x-functions-key)',
            'One line per request and run step follows; LOG_FORMAT=json for JSON lines. Ctrl+C stops.',
        ]);
        expect(host.out()).toContain(`${ESC}36m${url}/api/console${ESC}39m`);

        const token = ((await (await fetch(`${url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] }) })).json()) as { access_token: string }).access_token;
        const started = await fetch(`${url}/api/customers/${WOODGROVE}/overage/enablements?note=1`, {
            method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ service: 'PhoneServices', azureEntitlementId: 'new' }),
        });
        expect(started.status).toBe(202);
        const runId = ((await started.json()) as { id: string }).id;
        await host.waitFor(new RegExp(`^\\d\\d:\\d\\d:\\d\\d POST   /api/customers/${WOODGROVE}/overage/enablements 202 [\\d.]+ m?s$`, 'm'));
        await host.waitFor(new RegExp(`^\\d\\d:\\d\\d:\\d\\d run ${runId} step \\w+ [\\d.]+ m?s$`, 'm'));
        await host.waitFor(new RegExp(`^\\d\\d:\\d\\d:\\d\\d POST   /simulator/token 200 [\\d.]+ m?s$`, 'm'));

        const key = await npmKey({ DATA_DIR: host.dataDir });
        expect(key).toMatchObject({ status: 0, stdout: expect.stringMatching(/^[A-Za-z0-9_-]{32}\n$/) });
        expect((await fetch(`${url}/admin/clock`, { headers: { 'x-functions-key': key.stdout.trim() } })).status).toBe(200);
        expect(host.out()).not.toContain(key.stdout.trim());
        expect(host.out()).not.toMatch(/^\{/m); // no JSON line on a terminal
    } finally {
        await host.stop();
    }
});

test('NO_COLOR on a terminal: the same readable lines, without a colour code', async () => {
    const host = startHost({ tty: true, env: { NO_COLOR: '1' } });
    try {
        const [, url] = await host.waitFor(/Local host ready on (http:\/\/localhost:\d+)/);
        await fetch(`${url}/api/health`);
        await host.waitFor(/GET {4}\/api\/health 200 [\d.]+ m?s/);
        expect(host.out()).not.toContain(ESC);
    } finally {
        await host.stop();
    }
});

test.each([
    ['piped (as in Azure, or `npm start | tee`)', { tty: false }],
    ['LOG_FORMAT=json on a terminal', { tty: true, env: { LOG_FORMAT: 'json' } }],
])('%s: JSON lines only, no banner', async (_, o) => {
    const host = startHost(o);
    try {
        const [, url] = await host.waitFor(/"message":"Host started on (http:\/\/localhost:\d+)"/);
        await fetch(`${url}/api/health`);
        await host.waitFor(/"function":"health","trigger":"httpTrigger"/);
        const lines = host.out().split('\n').filter((l) => l.trim());
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
        expect(host.out()).not.toContain('Local host ready');
        expect(host.out()).not.toContain(ESC);
    } finally {
        await host.stop();
    }
});

describe('npm run key without a running host', () => {
    test('DURABLE_SYSTEM_KEY, when set, is the key', async () => {
        await expect(npmKey({ DURABLE_SYSTEM_KEY: 'demo-operator-key', DATA_DIR: tempDir('too-key-') })).resolves.toMatchObject({ status: 0, stdout: 'demo-operator-key\n' });
    });

    test('before the first start there is none, and it says how to get one (creating no store)', async () => {
        const dataDir = path.join(tempDir('too-key-'), 'never-started');
        const r = await npmKey({ DATA_DIR: dataDir });
        expect(r).toMatchObject({ status: 1, stdout: '' });
        expect(r.stderr).toContain(`No operator key in ${dataDir} yet: \`npm start\` generates one on its first start`);
        expect(fs.existsSync(dataDir)).toBe(false);
    });
});
