// The simulator is a second, independent reading of Microsoft's rules: it
// loads nothing of the app (the lint rule checks each import; this follows
// every import, through the host modules it borrows, so an indirect path is
// caught too).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const APP = /^(shared|functions|orchestrations|activities)\//;

/** Every repository file `entry` loads, directly or not, as repo-relative paths. */
function graphOf(entry: string): Set<string> {
    const files = new Set<string>();
    const visit = (abs: string) => {
        const rel = path.relative(ROOT, abs).split(path.sep).join('/');
        if (files.has(rel)) return;
        files.add(rel);
        for (const { fileName } of ts.preProcessFile(fs.readFileSync(abs, 'utf8'), true, true).importedFiles) {
            if (!fileName.startsWith('.')) continue;
            const base = path.resolve(path.dirname(abs), fileName);
            const found = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
            if (!found) throw new Error(`${rel}: cannot resolve ${fileName}`);
            visit(found);
        }
    };
    visit(entry);
    return files;
}

const simulatorFiles = fs.readdirSync(path.join(ROOT, 'simulator'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts')).map((f) => path.join('simulator', f));

test.each(simulatorFiles)('%s loads nothing of the app, however indirectly', (file) => {
    expect([...graphOf(path.join(ROOT, file))].filter((f) => APP.test(f))).toEqual([]);
});
