// The stale-build guard of test/setup/distFresh.ts, on throwaway trees with controlled mtimes.
// (This file names the build directory only through DIST_DIR, so the guard does not count it
// among the suites that spawn the compiled host.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import distFresh, { BUILD_STAMP, candidateSuites, DIST_DIR, distStaleness, newestSource, RunConfig, SuiteConfig, suitesUsingDist } from './distFresh';

const T = Date.parse('2025-06-01T12:00:00Z');

let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-fresh-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes `file` under the root and sets its mtime to `at` (ms). */
function put(file: string, at: number, content = ''): string {
    const absolute = path.join(root, file);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, content);
    fs.utimesSync(absolute, new Date(at), new Date(at));
    return absolute;
}

function built(at: number): void {
    put(BUILD_STAMP, at);
}

describe('distStaleness', () => {
    it('is fresh when every source is older than the build stamp', () => {
        put('shared/a.ts', T - 2000);
        put('local/deep/er/b.ts', T - 1000);
        put('tsconfig.json', T - 5000);
        built(T);
        expect(distStaleness(root)).toBeUndefined();
    });

    it('names the newest source changed after the build, and says how to fix it', () => {
        put('shared/a.ts', T - 2000);
        put('local/deep/er/b.ts', T + 1000);
        put('simulator/c.ts', T + 3000);
        built(T);
        const why = distStaleness(root);
        expect(why).toMatch(/^dist\/ is older than simulator\/c\.ts /);
        expect(why).toContain('run `npm run build`');
        expect(why).toContain(new Date(T + 3000).toISOString());
        expect(why).toContain(new Date(T).toISOString());
    });

    it('counts a change of tsconfig.json, which changes the output too', () => {
        put('functions/a.ts', T - 1000);
        put('tsconfig.json', T + 1);
        built(T);
        expect(distStaleness(root)).toMatch(/older than tsconfig\.json/);
    });

    it('ignores what the build does not compile: other extensions, other folders, node_modules', () => {
        put('functions/a.ts', T - 1000);
        put('shared/notes.md', T + 1000);
        put('simulator/worlds/demo.json', T + 1000);
        put('test/some.test.ts', T + 1000);
        put('README.md', T + 1000);
        put('local/node_modules/pkg/index.ts', T + 1000);
        built(T);
        expect(distStaleness(root)).toBeUndefined();
        expect(newestSource(root)).toEqual({ file: 'functions/a.ts', mtimeMs: T - 1000 });
    });

    it('treats a build without a stamp (never built, or built before stamps) as stale', () => {
        put('shared/a.ts', T - 1000);
        fs.mkdirSync(path.join(root, DIST_DIR));
        expect(distStaleness(root)).toMatch(/no build stamp.*run `npm run build`/);
    });

    it('checks every source folder the build compiles', () => {
        for (const dir of ['functions', 'orchestrations', 'activities', 'shared', 'local', 'simulator', 'bench']) {
            fs.rmSync(root, { recursive: true, force: true });
            put(`${dir}/x.ts`, T + 1);
            built(T);
            expect(distStaleness(root)).toMatch(new RegExp(`older than ${dir}/x\\.ts`));
        }
    });
});

describe('suitesUsingDist', () => {
    const spawnsHost = `spawn(process.execPath, [path.join(ROOT, '${DIST_DIR}', 'local', 'main.js')]);`;

    it('finds suites that name the build directory themselves or through a helper they import', () => {
        const direct = put('test/host/crash.test.ts', T, spawnsHost);
        const slashed = put('test/e2e/slashed.test.ts', T, `const main = '../../${DIST_DIR}/local/main.js';`);
        put('test/helpers/spawner.ts', T, `export const start = () => ${spawnsHost}`);
        put('test/helpers/reexport.ts', T, `export * from './spawner';`);
        const viaHelper = put('test/e2e/viaHelper.test.ts', T, `import { start } from '../helpers/reexport';`);
        const inProcess = put('test/e2e/inProcess.test.ts', T, [
            `import { startTestHost } from '../helpers/testHost';`,
            `// a comment that mentions dist/ without spawning it`,
            `const distance = 'distribution';`,
        ].join('\n'));
        put('test/helpers/testHost.ts', T, `import { LocalHost } from '../../local/host';`);
        expect(suitesUsingDist([direct, slashed, viaHelper, inProcess])).toEqual([direct, slashed, viaHelper]);
    });

    it('a package\'s own dist/ folder is not the build: a suite that imports a module serving one does not use dist/', () => {
        put('functions/console.ts', T, `export const VENDOR = { 'vendor/uPlot.esm.js': ['uplot', '${DIST_DIR}/uPlot.esm.js'], 'vendor/uPlot.min.css': ['uplot', "${DIST_DIR}/uPlot.min.css"] };`);
        const vendor = put('test/infra/vendor.test.ts', T, `import { VENDOR } from '../../functions/console';\nimport Ajv from 'ajv/${DIST_DIR}/2020';`);
        const bare = put('test/e2e/bare.test.ts', T, `spawn(process.execPath, ['${DIST_DIR}/local/main.js'], { cwd: ROOT });`);
        const dotted = put('test/e2e/dotted.test.ts', T, `require('./${DIST_DIR}/functions/index.js');`);
        expect(suitesUsingDist([vendor, bare, dotted])).toEqual([bare, dotted]);
    });

    it('survives import cycles and missing modules', () => {
        put('test/helpers/a.ts', T, `import './b';`);
        put('test/helpers/b.ts', T, `import './a'; import './missing';`);
        const suite = put('test/x.test.ts', T, `import '../test/helpers/a';`);
        expect(suitesUsingDist([suite])).toEqual([]);
    });
});

describe('candidateSuites', () => {
    const suiteConfig = (): SuiteConfig => ({
        roots: [path.join(root, 'test')], testMatch: ['**/*.test.ts'], testRegex: [], testPathIgnorePatterns: ['/node_modules/'],
    });

    beforeEach(() => {
        put('test/host/crash.test.ts', T);
        put('test/domain/rules.test.ts', T);
        put('test/helpers/spawner.ts', T);
        put('test/node_modules/x/y.test.ts', T);
    });

    it('lists the files Jest would run, narrowed by the path pattern', () => {
        expect(candidateSuites({ rootDir: root }, suiteConfig())).toEqual([
            path.join(root, 'test/domain/rules.test.ts'), path.join(root, 'test/host/crash.test.ts'),
        ]);
        expect(candidateSuites({ rootDir: root, testPathPattern: 'test/domain' }, suiteConfig())).toEqual([path.join(root, 'test/domain/rules.test.ts')]);
        expect(candidateSuites({ rootDir: root, testPathPattern: 'TEST/HOST|nothing' }, suiteConfig())).toEqual([path.join(root, 'test/host/crash.test.ts')]);
    });

    it('ignores the pattern when Jest picks files another way, and honours testMatch and testRegex', () => {
        expect(candidateSuites({ rootDir: root, testPathPattern: 'test/domain', onlyChanged: true }, suiteConfig())).toHaveLength(2);
        expect(candidateSuites({ rootDir: root }, { ...suiteConfig(), testMatch: ['**/spawner.ts'] })).toEqual([path.join(root, 'test/helpers/spawner.ts')]);
        expect(candidateSuites({ rootDir: root }, { ...suiteConfig(), testRegex: ['/domain/.*\\.test\\.ts$'] })).toEqual([path.join(root, 'test/domain/rules.test.ts')]);
    });
});

describe('the globalSetup', () => {
    const config = (testPathPattern?: string): [RunConfig, SuiteConfig] => [
        { rootDir: root, testPathPattern },
        { roots: [path.join(root, 'test')], testMatch: ['**/*.test.ts'], testRegex: [], testPathIgnorePatterns: ['/node_modules/'] },
    ];

    beforeEach(() => {
        put('test/host/crash.test.ts', T, `const main = path.join(ROOT, '${DIST_DIR}', 'local', 'main.js');`);
        put('test/domain/rules.test.ts', T, `import { x } from '../../shared/a';`);
        put('shared/a.ts', T + 1000);
    });

    it('fails a run that includes a suite spawning a stale dist, naming the suite and the fix', async () => {
        built(T);
        await expect(distFresh(...config())).rejects.toThrow(/^dist\/ is older than shared\/a\.ts .*run `npm run build`.*test\/host\/crash\.test\.ts/);
        await expect(distFresh(...config('crash'))).rejects.toThrow('npm run build');
    });

    it('lets a run through when dist is fresh, or when none of its suites spawns dist', async () => {
        built(T);
        await expect(distFresh(...config('test/domain'))).resolves.toBeUndefined();
        built(T + 2000);
        await expect(distFresh(...config())).resolves.toBeUndefined();
    });
});
