// npm run build (package.json), around the compiler:
//
//   node scripts/build.js begin && tsc -b tsconfig.build.json && node scripts/build.js end
//
// and, before npm start, key, usage:import, world:generate and the benchmarks,
//
//   node scripts/build.js ensure      (fresh, else npm run build --silent)
//
// `tsc -b tsconfig.build.json` compiles tsconfig.json incrementally, with its
// build info in dist/.tsbuildinfo: with nothing changed it compares the
// sources' times with the build info's and is done in half a second (loading
// TypeScript is most of it); otherwise it compiles what changed (a fresh
// clone, or a deleted dist/, builds it all). Under isolatedModules each file's
// JavaScript depends on that file and the options alone, so what it skips could
// not have changed; a type error that only a dependency's new types reveal is
// `npm run typecheck`'s to report.
//
// begin: writes dist/.build-start, which `end` renames to dist/.build-stamp,
//   so the stamp's mtime is when the last successful build started: a source
//   changed after it is newer than the stamp (test/setup/distFresh.ts refuses
//   suites on a stale dist/). A build that finds nothing to do refreshes the
//   stamp: dist/ matches the sources as they were when it started. A failed
//   build leaves the previous stamp, older than the source that broke it.
//   When an output of an existing source is missing (a folder of dist/
//   removed by hand), it removes the build info, so tsc builds everything
//   again: tsc -b trusts its build info, not the outputs.
// end: tsc never deletes what it emitted for a source that is gone; this
//   removes dist/'s .js, .js.map and .json whose source no longer exists (the
//   Azure package copies whole folders of dist/, and a stale module could still
//   be loaded by a path that names it), then renames the stamp into place.
//   Only folders tsconfig.json still includes are pruned: a folder dropped
//   from "include" keeps its old outputs until dist/ is removed.
// ensure: what npm start, key, usage:import, world:generate and the benchmarks
//   run first: nothing when `fresh` says dist/ matches the sources, else one
//   line on stderr and `npm run build --silent` (so no nested npm banner).
// fresh: exits 0, without starting the compiler, when dist/ certainly matches
//   the sources: the last build succeeded and nothing under the compiled
//   folders (no file, and no folder, so no file was deleted or renamed there),
//   nor tsconfig.json or tsconfig.build.json, changed since it began; its build
//   info is from this TypeScript; every source has its output. Otherwise 1,
//   and the build runs: when in doubt, tsc -b decides.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** tsconfig.build.json's tsBuildInfoFile. */
const BUILD_INFO = path.join(DIST, '.tsbuildinfo');
const START = path.join(DIST, '.build-start');
const STAMP = path.join(DIST, '.build-stamp');
/** What tsc writes into dist/ for a source, and that source's extension. */
const SOURCE_OF = [
    [/\.js$/, '.ts'],
    [/\.js\.map$/, '.ts'],
    [/\.json$/, '.json'],
];

/** The folders tsconfig.json compiles (its "include"), relative to the root. tsconfig.json is plain JSON. */
function sourceDirs() {
    const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    if (!Array.isArray(include) || include.some((d) => typeof d !== 'string' || /[*?]/.test(d))) {
        throw new Error('tsconfig.json: "include" is expected to list folders, without globs');
    }
    return include;
}

/** Every file under `dir` (absolute paths), none when it does not exist. */
function filesUnder(dir) {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(abs);
        return e.isFile() ? [abs] : [];
    });
}

/** Sources (not declaration files) whose .js is missing from dist/, relative to the root. */
function missingOutputs(dirs) {
    return dirs.flatMap((dir) => filesUnder(path.join(ROOT, dir)))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => path.relative(ROOT, f))
        .filter((rel) => !fs.existsSync(path.join(DIST, rel.replace(/\.ts$/, '.js'))));
}

/** Removes dist/'s outputs whose source is gone, then folders left empty; returns what it removed (relative to dist/). */
function pruneOrphans(dirs) {
    const removed = [];
    for (const dir of dirs) {
        for (const out of filesUnder(path.join(DIST, dir))) {
            const rel = path.relative(DIST, out);
            const rule = SOURCE_OF.find(([suffix]) => suffix.test(rel));
            if (!rule || fs.existsSync(path.join(ROOT, rel.replace(rule[0], rule[1])))) continue;
            fs.rmSync(out);
            removed.push(rel.split(path.sep).join('/'));
        }
        removeEmptyDirs(path.join(DIST, dir));
    }
    return removed;
}

function removeEmptyDirs(dir) {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmptyDirs(path.join(dir, e.name));
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

function begin() {
    fs.mkdirSync(DIST, { recursive: true });
    fs.writeFileSync(START, '');
    if (!fs.existsSync(BUILD_INFO)) return;
    const missing = missingOutputs(sourceDirs());
    if (missing.length === 0) return;
    process.stderr.write(`build: ${missing.length} output(s) missing from dist/ (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): building everything\n`);
    fs.rmSync(BUILD_INFO);
}

function end() {
    const removed = pruneOrphans(sourceDirs());
    if (removed.length > 0) process.stderr.write(`build: removed ${removed.length} output(s) of deleted sources: ${removed.join(', ')}\n`);
    try {
        fs.renameSync(START, STAMP);
    } catch (err) {
        // another build running at the same time renamed it first
        if (err.code !== 'ENOENT') throw err;
    }
}

/** Every file and folder under `dir`, `dir` included (absolute paths). */
function entriesUnder(dir) {
    return [dir, ...fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const abs = path.join(dir, e.name);
        return e.isDirectory() ? entriesUnder(abs) : [abs];
    })];
}

function isFresh() {
    const stamp = fs.statSync(STAMP).mtimeMs;
    // a build began after the last successful one: it failed, or it is running
    if (fs.existsSync(START) && fs.statSync(START).mtimeMs >= stamp) return false;
    const typescript = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [ROOT] }), 'utf8')).version;
    if (JSON.parse(fs.readFileSync(BUILD_INFO, 'utf8')).version !== typescript) return false;
    // another config tsconfig.json extends would be one more input to watch
    if ('extends' in JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'))) return false;
    const dirs = sourceDirs();
    const inputs = [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json'), ...dirs.flatMap((d) => entriesUnder(path.join(ROOT, d)))];
    if (inputs.some((f) => fs.statSync(f).mtimeMs >= stamp)) return false;
    return missingOutputs(dirs).length === 0;
}

function fresh() {
    let answer = false;
    try {
        answer = isFresh();
    } catch {
        // no stamp, no build info, a folder missing...: the build will say
    }
    process.exit(answer ? 0 : 1);
}

function ensure() {
    let answer = false;
    try {
        answer = isFresh();
    } catch {
        // as in fresh: the build will say
    }
    if (answer) return;
    process.stderr.write('build: compiling what changed since the last build...\n');
    const { status } = require('node:child_process').spawnSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit', shell: true });
    process.exit(status ?? 1);
}

const phases = { begin, end, fresh, ensure };
const phase = phases[process.argv[2]];
if (!phase) {
    process.stderr.write('usage: node scripts/build.js begin|end|fresh|ensure (npm run build runs begin and end around tsc -b tsconfig.build.json)\n');
    process.exit(2);
}
phase();
