// npm run package stages what azd deploys: the compiled app's own folders, the
// console, host.json and package.json, nothing of the local host, the
// simulator, the tests or the sources. Checked here on a made-up repository in
// a temp dir (the real run, with npm ci --omit=dev and the load check, is
// `npm run package`).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { azureNodeMajor, grouped, nodeVersionWarning, packageSize, SHIPPED_DIST, SHIPPED_ROOT, stage } from '../../scripts/deploy/azurePackage';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-package-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, body: string | Buffer = rel) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
};
const files = (root: string): string[] => fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(root, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();

// the compiled app's folder is package.json main's (here build/, in the repository dist/)
test('stage copies the app and what the Functions host reads, and leaves the rest of the repository out', () => {
    const repo = path.join(dir, 'repo');
    const kept = ['build/functions/index.js', 'build/functions/console.js', 'build/orchestrations/enablement.js', 'build/activities/readCredits.js', 'build/shared/state/index.js',
        'console/index.html', 'console/app.js', 'host.json', 'package.json', 'package-lock.json'];
    const left = ['build/local/main.js', 'build/simulator/simulator.js', 'build/bench/durable.js', 'build/scripts/packageForAzure.js', 'functions/index.ts', 'shared/state/index.ts',
        'test/infra/x.test.ts', 'node_modules/typescript/index.js', 'local.settings.json', 'infra/main.bicep', 'README.md'];
    for (const f of [...kept, ...left]) write(`repo/${f}`);
    write('repo/package.json', JSON.stringify({ main: 'build/functions/index.js' }));
    const out = path.join(dir, 'out');
    write('out/stale-from-last-time.js');

    stage(repo, out);

    expect(files(out)).toEqual([...kept].sort());
    expect(fs.readFileSync(path.join(out, 'host.json'), 'utf8')).toBe('repo/host.json');
    expect([...SHIPPED_ROOT, ...SHIPPED_DIST.map((d) => `build/${d}`)].every((p) => fs.existsSync(path.join(out, p)))).toBe(true);
});

test('stage refuses an unbuilt repository rather than stage a package without the app', () => {
    write('repo/console/index.html');
    write('repo/host.json');
    write('repo/package.json', JSON.stringify({ main: 'build/functions/index.js' }));
    expect(() => stage(path.join(dir, 'repo'), path.join(dir, 'out'))).toThrow(/build\/functions is missing: run npm run build/);
});

test('packageSize counts every regular file at any depth and adds up their bytes; links (npm\'s .bin) are not counted', () => {
    const json = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ id: i, name: 'same text again' })));
    write('a/text.json', json);
    write('a/b/c/noise.bin', crypto.randomBytes(50_000));
    write('a/b/empty', '');
    write('a/b/é.txt', 'é');
    fs.symlinkSync(path.join(dir, 'a', 'text.json'), path.join(dir, 'a', 'b', 'link'));
    expect(packageSize(path.join(dir, 'a'))).toEqual({ files: 4, bytes: Buffer.byteLength(json) + 50_000 + 0 + 2 });
});

test('figures are grouped by thousands, whatever the machine\'s locale', () => {
    expect([0, 999, 1000, 19_684, 127_000_001].map(grouped)).toEqual(['0', '999', '1,000', '19,684', '127,000,001']);
});

test('npm run package warns when this machine\'s Node is another major than the runtimeVersion infra/main.bicep gives', () => {
    write('repo/infra/main.bicep', "module api './app/api.bicep' = {\n  params: {\n    runtimeName: 'node'\n    runtimeVersion: '22' // a comment\n  }\n}\n");
    expect(azureNodeMajor(path.join(dir, 'repo'))).toBe(22);
    expect(nodeVersionWarning('22.11.0', 22)).toBeUndefined();
    expect(nodeVersionWarning('v22.0.0', 22)).toBeUndefined();
    expect(nodeVersionWarning('20.20.2', 22)).toMatch(/Node 20\.20\.2 and Azure runs Node 22 .*package with Node 22/);
    expect(nodeVersionWarning('24.1.0', 22)).toMatch(/Node 24\.1\.0 and Azure runs Node 22/);
    write('repo/infra/main.bicep', 'targetScope = \'subscription\'\n');
    expect(() => azureNodeMajor(path.join(dir, 'repo'))).toThrow(/no runtimeVersion/);
});
