// The README's layout section is the map newcomers read first: every folder it
// names exists, and every source folder of the repository is on it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function layoutBlock(): string {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Layout'));
    return /```\n([\s\S]*?)```/.exec(section)![1];
}

/** Folder paths the block mentions (`shared/`, `shared/core/`, `shared/core/domain/`, …): a name indented under a line belongs to that line's first folder. */
function mentioned(): string[] {
    const out: string[] = [];
    const parents: Array<{ indent: number; path: string }> = [];
    for (const line of layoutBlock().split('\n')) {
        if (line.startsWith('#') || !line.trim()) continue;
        const indent = line.length - line.trimStart().length;
        const names = [...line.trimStart().split(/\s{2,}/)[0].matchAll(/([\w.-]+)\//g)].map((m) => m[1]);
        if (!names.length) continue;
        while (parents.length && parents[parents.length - 1].indent >= indent) parents.pop();
        const prefix = parents.length ? `${parents[parents.length - 1].path}/` : '';
        out.push(...names.map((n) => prefix + n));
        parents.push({ indent, path: prefix + names[0] });
    }
    return out;
}

test('every folder the README layout names exists', () => {
    const missing = mentioned().filter((f) => !fs.existsSync(path.join(ROOT, f)) || !fs.statSync(path.join(ROOT, f)).isDirectory());
    expect(missing).toEqual([]);
});

test('every top-level folder, every layer of shared/ and every folder of a layer is on the README layout', () => {
    const named = new Set(mentioned());
    // folders of the repository: those holding committed files (not build output or data), dot-folders aside
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').map((f) => f.split('/')).filter((p) => p.length > 1 && !p[0].startsWith('.'));
    const folders = new Set(tracked.flatMap((p) => [p[0], ...(p[0] === 'shared' && p.length > 2 ? [`shared/${p[1]}`] : []), ...(p[0] === 'shared' && p.length > 3 ? [`shared/${p[1]}/${p[2]}`] : [])]));
    expect([...folders].filter((d) => !named.has(d))).toEqual([]);
});
