// npm run build (package.json's command, scripts/build.js around `tsc -b`), on a
// throwaway project: incremental, stamped as test/setup/distFresh.ts expects,
// and leaving no output of a deleted source behind.
// (This file names the build directory only through DIST_DIR, so the stale-build
// guard does not count it among the suites that spawn the compiled host.)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILD_STAMP, DIST_DIR, distStaleness } from '../setup/distFresh';

const ROOT = path.join(__dirname, '..', '..');
const BUILD = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build;
const SOURCE_DIRS = ['shared', 'local'];
/** Long before any build here. */
const T0 = Date.parse('2025-01-01T00:00:00Z');

let root: string;
beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-'));
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'build.js'), path.join(root, 'scripts', 'build.js'));
    fs.copyFileSync(path.join(ROOT, 'tsconfig.build.json'), path.join(root, 'tsconfig.build.json'));
    // the repository's packages (TypeScript), as in a clone after npm ci
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'junction');
    const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    // the repository's options, without its type packages (this project uses none)
    write('tsconfig.json', JSON.stringify({ compilerOptions: { ...compilerOptions, types: [] }, include: SOURCE_DIRS }, null, 2));
    write('shared/a.ts', 'export const a = 1;\n');
    write('shared/b.ts', "import { a } from './a';\nexport const b = a + 1;\n");
    write('shared/data.json', '{ "c": 3 }\n');
    write('shared/c.ts', "import data from './data.json';\nexport const c = data.c;\n");
    write('local/deep/main.ts', "import { b } from '../../shared/b';\nexport const main = b;\n");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, content: string): void {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
}

const out = (...parts: string[]) => path.join(root, DIST_DIR, ...parts);
const mtime = (file: string) => fs.statSync(file).mtimeMs;

/** Runs package.json's build command in the throwaway project, as npm would (node_modules/.bin on the PATH). */
function build(): { status: number | null; output: string } {
    const r = spawnSync('sh', ['-c', BUILD], {
        cwd: root,
        env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` },
        encoding: 'utf8',
        timeout: 60_000,
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function buildOk(): string {
    const r = build();
    expect(r).toMatchObject({ status: 0 });
    return r.output;
}

const stale = () => distStaleness(root, SOURCE_DIRS, ['tsconfig.json']);
/** `node scripts/build.js fresh`'s exit code: 0 when the compiler may be skipped. */
const fresh = () => spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), 'fresh'], { cwd: root, encoding: 'utf8' }).status;

test('a first build compiles every source and stamps dist/ with when it began', () => {
    const before = Date.now();
    buildOk();
    for (const f of [['shared', 'a.js'], ['shared', 'b.js'], ['shared', 'c.js'], ['shared', 'data.json'], ['local', 'deep', 'main.js']]) expect(fs.existsSync(out(...f))).toBe(true);
    expect(fs.existsSync(out('.build-start'))).toBe(false);
    // the stamp is dist/.build-start renamed: written before tsc ran
    expect(mtime(path.join(root, BUILD_STAMP))).toBeGreaterThanOrEqual(before - 1000);
    expect(mtime(path.join(root, BUILD_STAMP))).toBeLessThanOrEqual(mtime(out('shared', 'a.js')));
    expect(stale()).toBeUndefined();
});

test('a build with nothing changed rewrites no output and refreshes the stamp', () => {
    buildOk();
    const outputs = [out('shared', 'a.js'), out('local', 'deep', 'main.js'), out('.tsbuildinfo')].map((f) => [f, mtime(f)]);
    const stamp = mtime(path.join(root, BUILD_STAMP));
    buildOk();
    expect(outputs.map(([f]) => [f, mtime(f as string)])).toEqual(outputs);
    expect(mtime(path.join(root, BUILD_STAMP))).toBeGreaterThanOrEqual(stamp);
    expect(stale()).toBeUndefined();
});

test('a changed source is compiled again: the guard calls dist/ stale before, fresh after', () => {
    buildOk();
    write('shared/a.ts', 'export const a = 41;\n');
    expect(stale()).toMatch(/older than shared\/a\.ts/);
    buildOk();
    expect(fs.readFileSync(out('shared', 'a.js'), 'utf8')).toContain('41');
    expect(stale()).toBeUndefined();
    expect(fresh()).toBe(0);
});

test('a deleted source leaves no output behind; what the build did not write stays', () => {
    buildOk();
    write(path.join(DIST_DIR, 'shared', 'notes.txt'), 'not an output of the build\n');
    fs.rmSync(path.join(root, 'shared', 'c.ts'));
    fs.rmSync(path.join(root, 'shared', 'data.json'));
    fs.rmSync(path.join(root, 'local', 'deep', 'main.ts'));
    write('local/other.ts', 'export const other = 1;\n');
    const output = buildOk();
    for (const f of [['shared', 'c.js'], ['shared', 'c.js.map'], ['shared', 'data.json'], ['local', 'deep']]) expect([f, fs.existsSync(out(...f))]).toEqual([f, false]);
    expect(output).toContain('removed 5 output(s) of deleted sources');
    for (const f of [['shared', 'a.js'], ['shared', 'b.js'], ['shared', 'notes.txt'], ['local', 'other.js']]) expect([f, fs.existsSync(out(...f))]).toEqual([f, true]);
    expect(fresh()).toBe(0);
});

test('a folder of dist/ removed by hand is built again, though tsc -b finds its build info up to date', () => {
    buildOk();
    fs.rmSync(out('local'), { recursive: true });
    expect(buildOk()).toContain('missing from dist/');
    expect(fs.existsSync(out('local', 'deep', 'main.js'))).toBe(true);
    expect(stale()).toBeUndefined();
    expect(fresh()).toBe(0);
});

test('a failed build keeps the previous stamp, so the guard calls dist/ stale', () => {
    buildOk();
    const stamp = mtime(path.join(root, BUILD_STAMP));
    write('shared/b.ts', "import { a } from './a';\nexport const b: string = a;\n");
    const r = build();
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('TS2322');
    expect(mtime(path.join(root, BUILD_STAMP))).toBe(stamp);
    expect(stale()).toMatch(/older than shared\/b\.ts/);
});

describe('fresh: whether npm start, usage:import and the benchmarks may skip the compiler', () => {
    test('not before the first build; after it, as long as nothing changes', () => {
        expect(fresh()).toBe(1);
        buildOk();
        expect(fresh()).toBe(0);
        expect(fresh()).toBe(0);
    });

    test.each([
        ['a source changed', () => write('shared/a.ts', 'export const a = 2;\n')],
        ['a source added', () => write('local/new.ts', 'export const n = 1;\n')],
        ['a source deleted', () => fs.rmSync(path.join(root, 'local', 'deep', 'main.ts'))],
        ['a JSON file the sources import changed', () => write('shared/data.json', '{ "c": 4 }\n')],
        ['tsconfig.json changed', () => write('tsconfig.json', fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'))],
        ['tsconfig.build.json changed', () => write('tsconfig.build.json', fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'))],
        ['a folder of dist/ removed', () => fs.rmSync(out('local'), { recursive: true })],
        ['the build info is from another TypeScript', () => {
            const info = JSON.parse(fs.readFileSync(out('.tsbuildinfo'), 'utf8')) as { version: string };
            fs.writeFileSync(out('.tsbuildinfo'), JSON.stringify({ ...info, version: '5.0.0' }));
        }],
        ['the stamp is gone', () => fs.rmSync(path.join(root, BUILD_STAMP))],
    ])('not when %s', (_, change) => {
        buildOk();
        change();
        expect(fresh()).toBe(1);
    });

    test('not after a failed build, even once the source that broke it is restored as it was', () => {
        buildOk();
        const good = fs.readFileSync(path.join(root, 'shared', 'b.ts'), 'utf8');
        write('shared/b.ts', "import { a } from './a';\nexport const b: string = a;\n");
        expect(build().status).not.toBe(0);
        write('shared/b.ts', good);
        fs.utimesSync(path.join(root, 'shared', 'b.ts'), new Date(T0), new Date(T0));
        expect(fresh()).toBe(1);
    });
});
