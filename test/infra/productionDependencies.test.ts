// package.json lists every package the code imports, as what it is. Whatever
// runs is a dependency: the app, which the Azure package installs with
// `npm ci --omit=dev` (npm run package), and everything else `npm start` and
// the helper scripts load once built (the local host, its embedded mail server
// in the simulator, scripts/). What only the tests and the benchmarks load
// (and the build's own tools) may be a devDependency.
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VENDOR } from '../../functions/console';
import { SHIPPED_DIST } from '../../scripts/deploy/azurePackage';
import * as ts from 'typescript';
import { importGraph, ROOT } from '../helpers/importGraph';

const SHIPPED = SHIPPED_DIST.map((dir) => `${dir}/`);

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));

/** Packages a set of files loads: imports of any kind, and packages resolved by name at run time (require.resolve). */
function packagesOf(graph: { files: Set<string>; packages: Set<string> }): Set<string> {
    const resolved = [...graph.files].flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/require\.resolve\(\s*'([^']+)'/g)].map((m) => m[1]));
    return new Set([...graph.packages, ...resolved].filter((s) => !isBuiltin(s)).map(packageOf));
}

const app = importGraph('functions/index.ts');
// the console's vendor files are read from their packages when a browser asks for them
const appPackages = new Set([...packagesOf(app), ...Object.values(VENDOR).map(([name]) => name)]);

test('the app loads nothing outside what the Azure package ships (not the local host, not the simulator)', () => {
    expect([...app.files].filter((f) => !SHIPPED.some((dir) => f.startsWith(dir)))).toEqual([]);
});

test('every package the app loads or serves is a dependency, none a devDependency', () => {
    const notDependencies = [...appPackages].filter((p) => !(p in pkg.dependencies)).sort();
    expect(notDependencies).toEqual([]);
});

/** What the Azure Functions worker provides at run time: no package does (scripts/deploy/loadStaged.ts). */
const WORKER_PROVIDED = new Set(['@azure/functions-core']);

/** The .ts and .js files under a repository folder, repo-relative (no node_modules). */
function codeUnder(folder: string): string[] {
    return fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .map((f) => `${folder}/${f.split(path.sep).join('/')}`)
        .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !f.split('/').includes('node_modules'));
}

/** The packages `file` names, in an import, a require, an import() or a require.resolve (not node's own, nor the worker's). */
function packagesNamedIn(file: string): string[] {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const specifiers = [
        ...ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName),
        ...[...source.matchAll(/require\.resolve\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]),
    ];
    const packages = specifiers.filter((s) => !s.startsWith('.') && !path.isAbsolute(s) && !isBuiltin(s)).map(packageOf);
    return [...new Set(packages)].filter((p) => !WORKER_PROVIDED.has(p));
}

/** Each package the files under `folders` name, with the files naming it. */
function packagesNamedUnder(folders: readonly string[]): Map<string, string[]> {
    const named = new Map<string, string[]>();
    for (const file of folders.flatMap(codeUnder).filter((f) => !BUILD_TOOLS.has(f))) {
        for (const name of packagesNamedIn(file)) named.set(name, [...(named.get(name) ?? []), file]);
    }
    return named;
}

/** What the Azure package, `npm start` and the helper scripts load: every folder tsconfig.json compiles but the benchmarks. */
const RUNTIME = ['functions', 'orchestrations', 'activities', 'shared', 'local', 'simulator', 'scripts'];
/** The build's own script: it runs TypeScript, as the build does, before anything runs (TypeScript is a devDependency). */
const BUILD_TOOLS = new Set(['scripts/build.js']);

test('the runtime folders are what tsconfig.json compiles, the benchmarks aside', () => {
    const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    expect([...include].sort()).toEqual([...RUNTIME, 'bench'].sort());
});

test('the build\'s own script needs only TypeScript, a devDependency, as the build does: it is no runtime code', () => {
    for (const file of BUILD_TOOLS) expect([file, packagesNamedIn(file)]).toEqual([file, ['typescript']]);
    expect(pkg.devDependencies).toHaveProperty(['typescript']);
});

test('every package the runtime code imports is a dependency, the local host and the simulator included', () => {
    const named = packagesNamedUnder(RUNTIME);
    // the scan sees what the app's import graph sees (a guard on the scan itself)
    for (const p of packagesOf(app)) expect([p, named.has(p)]).toEqual([p, true]);
    const notDependencies = [...named].filter(([p]) => !(p in pkg.dependencies)).map(([p, files]) => `${p} (${files[0]})`).sort();
    expect(notDependencies).toEqual([]);
});

test('every package the tests and the benchmarks import is a dependency or a devDependency', () => {
    const named = packagesNamedUnder(['test', 'bench']);
    expect(named.size).toBeGreaterThan(0);
    const unlisted = [...named].filter(([p]) => !(p in pkg.dependencies) && !(p in pkg.devDependencies)).map(([p, files]) => `${p} (${files[0]})`).sort();
    expect(unlisted).toEqual([]);
});

test('the embedded mail server and its parser are dependencies, their types devDependencies', () => {
    for (const p of ['smtp-server', 'mailparser']) expect([p, p in pkg.dependencies]).toEqual([p, true]);
    for (const p of ['@types/smtp-server', '@types/mailparser']) expect([p, p in pkg.devDependencies]).toEqual([p, true]);
});
