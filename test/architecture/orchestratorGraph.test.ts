// Orchestrators replay deterministically only if nothing they load does I/O.
// The lint rule checks their direct imports; this follows every import, so a
// schema file that pulls in the state store is caught too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const FORBIDDEN = [/^shared\/state\//, /^shared\/runtime\.ts$/, /^local\//, /^simulator\//, /^activities\//];
const FORBIDDEN_PACKAGES = /^(@azure\/cosmos|@azure\/service-bus|@azure\/arm-|@azure\/identity|lmdb|nodemailer|node:|fs$|http$|https$|net$|child_process$)/;

/** Every module `entry` loads, as repo-relative paths and package names. */
function graphOf(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (abs: string) => {
        const rel = path.relative(ROOT, abs).split(path.sep).join('/');
        if (files.has(rel)) return;
        files.add(rel);
        for (const { fileName } of ts.preProcessFile(fs.readFileSync(abs, 'utf8'), true, true).importedFiles) {
            if (!fileName.startsWith('.')) { packages.add(fileName); continue; }
            const base = path.resolve(path.dirname(abs), fileName);
            const found = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
            if (!found) throw new Error(`${rel}: cannot resolve ${fileName}`);
            visit(found);
        }
    };
    visit(entry);
    return { files, packages };
}

const orchestrators = fs.readdirSync(path.join(ROOT, 'orchestrations'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts')).map((f) => path.join('orchestrations', f));

test.each(orchestrators)('%s loads no I/O module, however indirectly', (file) => {
    const { files, packages } = graphOf(path.join(ROOT, file));
    expect([...files].filter((f) => FORBIDDEN.some((re) => re.test(f)))).toEqual([]);
    expect([...packages].filter((p) => FORBIDDEN_PACKAGES.test(p))).toEqual([]);
});

test('the graph walker sees through re-exports to the state store', () => {
    const { files } = graphOf(path.join(ROOT, 'shared', 'overage', 'recordSetting.ts'));
    expect([...files].some((f) => f.startsWith('shared/state/'))).toBe(true);
});
