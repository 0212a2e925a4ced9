// Before azd uploads the package: does the app load from it alone, as in
// Azure? A child process (loadStaged.ts) loads it with Azure's settings (the
// identity-based profile of shared/features/config/azureProfile.ts, made-up values,
// nothing else from this machine's environment), finding no module outside
// the package, and reports what it registered: every function the
// repository's own build registers, loaded the same way, or the check fails.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compiledDir } from './azurePackage';
import { AZURE_LIKE_SETTINGS } from './azureLikeSettings';

export interface LoadReport {
    functions: string[];
    /** Modules the app asked for and did without (optional requires), found only outside the package: as in Azure. */
    notFound: string[];
}

/**
 * Throws unless the app in `out` registers, from the package alone, every function the repository's own
 * build registers with the same settings and the same loader (where every module resolves); the error names
 * the functions missing and the modules the package lacked. `repoRoot`'s build (npm run build) holds the loader.
 */
export function checkLoads(out: string, repoRoot: string, loader = path.join(repoRoot, compiledDir(repoRoot), 'scripts', 'deploy', 'loadStaged.js')): LoadReport {
    const built = load(loader, repoRoot, `the repository's build (${repoRoot}) does not load`);
    const staged = load(loader, out, `the app does not load from ${out}`);
    const missing = built.functions.filter((name) => !staged.functions.includes(name));
    if (missing.length > 0) {
        const lacked = staged.notFound.length > 0 ? `; modules not found in the package: ${staged.notFound.join(', ')}` : '';
        throw new Error(`the app in ${out} does not register ${missing.join(', ')}, which the repository's build registers (${built.functions.length} functions)${lacked}`);
    }
    if (staged.functions.length === 0) throw new Error(`the app in ${out} registered no function`);
    return staged;
}

/** What the app in `dir` registers, loaded by `loader` in a process of its own with Azure's settings. */
function load(loader: string, dir: string, failure: string): LoadReport {
    const r = spawnSync(process.execPath, [loader, dir], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${failure}:\n${r.stderr || r.error?.message || `exit code ${r.status}`}`);
    return JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{"functions"'))) as LoadReport;
}
