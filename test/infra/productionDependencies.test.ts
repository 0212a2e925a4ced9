// The Azure package is installed with `npm ci --omit=dev` (npm run package), so
// what the app loads in Azure must be a dependency, and what only the local
// host or the simulator loads need not be (a plain `npm ci` installs
// devDependencies too, so `npm ci && npm start` still has them).
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VENDOR } from '../../functions/console';
import { SHIPPED_DIST } from '../../scripts/deploy/azurePackage';
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

test('a package only the local host or the simulator loads is a devDependency: the Azure package does without it', () => {
    const local = packagesOf(importGraph('local/main.ts'));
    const localOnly = [...local].filter((p) => !appPackages.has(p));
    expect(localOnly.filter((p) => p in pkg.dependencies).sort()).toEqual([]);
    // and npm ci installs each of them for `npm start`
    expect(localOnly.filter((p) => !(p in pkg.devDependencies)).sort()).toEqual([]);
});
