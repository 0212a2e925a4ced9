// The folder azd zips and deploys (azure.yaml: services.api.dist): the
// compiled app, the console's static files, host.json and package.json, and
// node_modules installed from the lockfile without devDependencies. Zipping
// the project folder instead shipped everything `npm ci` had installed for
// development and tests (DuckDB, TypeScript, Playwright, ESLint...).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Next to dist/, and ignored by git like it. */
export const AZURE_PACKAGE_DIR = 'dist-azure';

/** The compiled folders the app loads (the local host, the simulator, scripts and benchmarks stay out). */
export const SHIPPED_DIST = ['functions', 'orchestrations', 'activities', 'shared'] as const;

/** From the repository root: console/ is served as it is (no build), host.json configures the Functions host, package.json names the entry. */
export const SHIPPED_ROOT = ['console', 'host.json', 'package.json', 'package-lock.json'] as const;

/** The lockfile's versions, no devDependencies; no install scripts, as in development (package.json allowScripts). */
export const PRODUCTION_INSTALL = ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'] as const;

/** Copies what the package ships from a built repository (`npm run build` first) into `out`, emptied first. */
export function stage(root: string, out: string): void {
    fs.rmSync(out, { recursive: true, force: true });
    const compiled = compiledDir(root);
    for (const dir of SHIPPED_DIST) {
        const from = path.join(root, compiled, dir);
        if (!fs.existsSync(from)) throw new Error(`${compiled}/${dir} is missing: run npm run build first`);
        fs.cpSync(from, path.join(out, compiled, dir), { recursive: true });
    }
    for (const entry of SHIPPED_ROOT) fs.cpSync(path.join(root, entry), path.join(out, entry), { recursive: true });
}

/** package.json's "main": the entry the Functions host loads, relative to the package's root. */
export function mainEntry(root: string): string {
    const { main } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    if (!main) throw new Error(`${path.join(root, 'package.json')} names no "main": the Functions host would load nothing`);
    return main;
}

/** The folder of package.json's "main" (the build's output, tsconfig.json's outDir): the package keeps the repository's layout under it. */
export function compiledDir(root: string): string {
    return mainEntry(root).split('/')[0];
}

/** The Node major Azure runs the app on: the runtimeVersion infra/main.bicep gives app/api.bicep. */
export function azureNodeMajor(root: string): number {
    const main = fs.readFileSync(path.join(root, 'infra', 'main.bicep'), 'utf8');
    const m = /^\s*runtimeVersion:\s*'(\d+)(?:\.\d+)*'/m.exec(main);
    if (!m) throw new Error('infra/main.bicep gives no runtimeVersion');
    return Number(m[1]);
}

/**
 * When this machine's Node is another major than Azure's: the package's node_modules is installed
 * here, and a package may install differently for another Node (engines, prebuilt binaries).
 */
export function nodeVersionWarning(localVersion: string, azureMajor: number): string | undefined {
    const local = Number(localVersion.replace(/^v/, '').split('.')[0]);
    if (local === azureMajor) return undefined;
    return `this machine runs Node ${localVersion.replace(/^v/, '')} and Azure runs Node ${azureMajor} (infra/main.bicep runtimeVersion): `
        + `the package's node_modules is installed for the Node here; package with Node ${azureMajor} to install what Azure will load`;
}

export function installProduction(out: string): void {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, [...PRODUCTION_INSTALL], { cwd: out, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm ${PRODUCTION_INSTALL.join(' ')} failed in ${out} (${r.error?.message ?? `exit code ${r.status}`})`);
}

export interface PackageSize {
    /** Regular files (npm's node_modules/.bin links are not counted). */
    files: number;
    /** Their sizes added up, before azd compresses them into the zip it uploads. */
    bytes: number;
}

export function packageSize(dir: string): PackageSize {
    const size: PackageSize = { files: 0, bytes: 0 };
    const visit = (abs: string) => {
        for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
            const a = path.join(abs, entry.name);
            if (entry.isDirectory()) visit(a);
            else if (entry.isFile()) {
                size.files++;
                size.bytes += fs.statSync(a).size;
            }
        }
    };
    visit(dir);
    return size;
}

/** 19684 -> '19,684', the same on every machine. */
export function grouped(n: number): string {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
