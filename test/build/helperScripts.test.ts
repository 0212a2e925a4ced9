// The helper scripts as a person runs them: they skip the compiler when
// nothing changed (scripts/build.js ensure), and print nothing misleading:
// no runtime warnings from the console-size script, and usage:import names
// the customer it imports for, masking only the token.
// Runs the compiled scripts (dist/scripts/): `npm run build` first.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPTS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const node = (file: string, args: string[] = []) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', file), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

test('every script that runs the compiled code builds through `ensure` first (package and pretest build in full)', () => {
    const runners = Object.entries(SCRIPTS).filter(([, cmd]) => /\bdist\/|func start/.test(cmd));
    expect(runners.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'key', 'usage:import', 'world:generate', 'bench:accrual', 'package']));
    for (const [name, cmd] of runners) {
        if (name === 'package') expect(cmd).toMatch(/^npm run build && /);
        else expect(`${name}: ${cmd}`).toMatch(new RegExp(`^${name}: node scripts/build\\.js ensure && `));
    }
});

test('ensure with nothing changed starts no compiler and says nothing', () => {
    const stamp = path.join(ROOT, 'dist', '.build-stamp');
    const before = fs.statSync(stamp).mtimeMs;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), 'ensure'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // a build would have refreshed the stamp
    expect(fs.statSync(stamp).mtimeMs).toBe(before);
});

test('the console-size script prints its table and no warning', () => {
    const r = node('consoleSize.js');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/KB gz .* total \(\d+ files; budget 250 KB gz\)/);
    expect(r.stderr).toBe('');
});

test('usage:import says what it sends where, the customer in full and the token masked; no host answering is said plainly', async () => {
    const port = await freePort();
    const customer = '10000000-0000-4000-8000-000000000007';
    const r = node('usageImport.js', ['--customer', customer, '--token', 'eyJ.secret-token.sig', '--url', `http://localhost:${port}`, 'docs/usage/demo-lucerne-2026-11.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`usage:import: docs/usage/demo-lucerne-2026-11.csv (`);
    expect(r.stderr).toContain(`for customer ${customer} to POST http://localhost:${port}/api/customers/${customer}/usage?mode=all-or-nothing, with the token of --token ***`);
    expect(r.stderr).not.toContain('secret-token');
    expect(r.stderr).toContain(`nothing answers at http://localhost:${port}: start the host (npm start)`);
});

/** A port nobody listens on (taken and released). */
async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
}
