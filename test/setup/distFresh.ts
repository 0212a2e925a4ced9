// Jest globalSetup: refuses to run suites that spawn the compiled host (dist/local/main.js)
// against a build older than the sources. `npm test` builds first, but `npx jest <file>` does
// not, and a stale dist makes such suites test yesterday's code while reporting on today's.
//
// `npm run build` leaves dist/.build-stamp, whose mtime is when that build started (it is written
// before tsc and renamed into place only when tsc succeeds). A source file modified after that
// instant, or a missing stamp, means dist may not reflect the sources.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The build output directory and its stamp, relative to the repository root. */
export const DIST_DIR = 'dist';
export const BUILD_STAMP = path.join(DIST_DIR, '.build-stamp');

/** What tsconfig.json compiles into dist, plus tsconfig.json itself (its options shape the output). */
export const SOURCE_DIRS = ['functions', 'orchestrations', 'activities', 'shared', 'local', 'simulator', 'bench', 'scripts'];
export const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];

export interface SourceFile {
    /** Relative to the root, with forward slashes. */
    file: string;
    mtimeMs: number;
}

/** The most recently modified .ts file under `dirs` (or one of `files`), or undefined if there is none. */
export function newestSource(root: string, dirs: readonly string[] = SOURCE_DIRS, files: readonly string[] = SOURCE_FILES): SourceFile | undefined {
    let newest: SourceFile | undefined;
    const consider = (absolute: string): void => {
        const mtimeMs = fs.statSync(absolute).mtimeMs;
        if (!newest || mtimeMs > newest.mtimeMs) newest = { file: path.relative(root, absolute).split(path.sep).join('/'), mtimeMs };
    };
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const absolute = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'node_modules') walk(absolute);
            } else if (entry.isFile() && entry.name.endsWith('.ts')) {
                consider(absolute);
            }
        }
    };
    for (const dir of dirs) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
    for (const file of files) if (fs.existsSync(path.join(root, file))) consider(path.join(root, file));
    return newest;
}

/** Why dist/ cannot be trusted to match the sources under `root`, or undefined when it can. */
export function distStaleness(root: string, dirs: readonly string[] = SOURCE_DIRS, files: readonly string[] = SOURCE_FILES): string | undefined {
    let builtAt: number;
    try {
        builtAt = fs.statSync(path.join(root, BUILD_STAMP)).mtimeMs;
    } catch {
        return `dist/ has no build stamp (${BUILD_STAMP}), so it may not match the sources: run \`npm run build\``;
    }
    const newest = newestSource(root, dirs, files);
    if (newest && newest.mtimeMs > builtAt) {
        return `dist/ is older than ${newest.file} (changed ${new Date(newest.mtimeMs).toISOString()}, built ${new Date(builtAt).toISOString()}): run \`npm run build\``;
    }
    return undefined;
}

// A string literal naming our build: 'dist' itself, as in path.join(ROOT, 'dist', 'local', 'main.js'), a
// relative path into it ('../../dist/local/main.js'), or one of its compiled folders ('dist/local/main.js').
// Not a package's own dist/ folder ('dist/uPlot.esm.js' of uplot, which functions/console.ts serves).
const DIST_REFERENCE = new RegExp(`(['"\`])dist\\1|['"\`](?:\\.\\.?/)+dist/|['"\`]dist/(?:${SOURCE_DIRS.join('|')})/`);
const RELATIVE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/**
 * The suites among `suites` that use dist/: their source, or a relative module they import
 * (transitively, e.g. a test helper), names dist in a string literal.
 */
export function suitesUsingDist(suites: readonly string[], ignore: readonly string[] = [__filename]): string[] {
    const verdicts = new Map<string, boolean>();
    const ignored = new Set(ignore.map((f) => path.resolve(f)));
    const usesDist = (file: string, visiting: Set<string>): boolean => {
        const known = verdicts.get(file);
        if (known !== undefined) return known;
        if (ignored.has(file) || visiting.has(file)) return false;
        visiting.add(file);
        let source: string;
        try {
            source = fs.readFileSync(file, 'utf8');
        } catch {
            return false;
        }
        let verdict = DIST_REFERENCE.test(source);
        for (const [, , specifier] of source.matchAll(RELATIVE_IMPORT)) {
            if (verdict) break;
            const target = resolveModule(path.resolve(path.dirname(file), specifier));
            if (target) verdict = usesDist(target, visiting);
        }
        verdicts.set(file, verdict);
        return verdict;
    };
    return suites.filter((suite) => usesDist(path.resolve(suite), new Set()));
}

function resolveModule(base: string): string | undefined {
    for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return undefined;
}

/** The parts of Jest's configs this setup reads. */
export interface RunConfig {
    rootDir: string;
    /** Jest 29: the CLI's test path patterns, joined into one regular expression. */
    testPathPattern?: string;
    /** Set when Jest picks files by other means than the pattern (changed files, related files). */
    onlyChanged?: boolean;
    findRelatedTests?: boolean;
}

export interface SuiteConfig {
    roots: string[];
    testMatch: string[];
    testRegex: Array<string | RegExp>;
    testPathIgnorePatterns: string[];
}

/**
 * The test files this run may execute: every file under the roots that Jest would treat as a test,
 * narrowed by the path pattern when that is how the run selects files. Over- rather than
 * under-approximates (a glob it cannot read matches every file).
 */
export function candidateSuites(run: RunConfig, suites: SuiteConfig): string[] {
    const isTest = (file: string): boolean => {
        const normalized = file.split(path.sep).join('/');
        if (suites.testRegex.length > 0) return suites.testRegex.some((r) => new RegExp(r).test(normalized));
        return suites.testMatch.length === 0 || suites.testMatch.some((glob) => globMatchesBasename(glob, normalized));
    };
    const ignored = suites.testPathIgnorePatterns.map((p) => new RegExp(p));
    const pattern = run.testPathPattern && !run.onlyChanged && !run.findRelatedTests ? new RegExp(run.testPathPattern, 'i') : undefined;
    const found: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const absolute = path.join(dir, entry.name);
            if (ignored.some((r) => r.test(absolute))) continue;
            if (entry.isDirectory()) walk(absolute);
            else if (entry.isFile() && isTest(absolute) && (!pattern || pattern.test(absolute))) found.push(absolute);
        }
    };
    for (const root of suites.roots) if (fs.existsSync(root)) walk(root);
    return found.sort();
}

/** `**\/<name glob>` is matched on the file name; any other glob matches everything. */
function globMatchesBasename(glob: string, file: string): boolean {
    const name = /^\*\*\/([^/]+)$/.exec(glob)?.[1];
    if (!name || /[?[\]{}!]/.test(name)) return true;
    const regex = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+^${}()|\\]/g, '\\$&')).join('[^/]*')}$`);
    return regex.test(path.posix.basename(file));
}

/** Jest's globalSetup: fails the run if a selected suite uses dist/ and dist/ is stale. */
export default async function distFresh(run: RunConfig, suites: SuiteConfig): Promise<void> {
    const users = suitesUsingDist(candidateSuites(run, suites));
    if (users.length === 0) return;
    const why = distStaleness(run.rootDir);
    if (why === undefined) return;
    const named = users.map((f) => path.relative(run.rootDir, f)).join(', ');
    throw new Error(`${why}. These suites run the compiled host from dist/: ${named}. (\`npm test\` builds first.)`);
}
