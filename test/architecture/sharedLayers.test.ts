// shared/ in three layers (core <- adapters <- features, see README "Layout"):
// the lint rule checks each import's direction; this checks the folders as a
// whole: no two folders of shared/ import each other, however indirectly, so
// each can be read (and moved) knowing only what lies below it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT, sourcesUnder } from '../helpers/importGraph';

const LAYERS = ['core', 'adapters', 'features'];

/** `shared/features/usage/x.ts` -> `features/usage`; a file directly in a layer is a folder of its own. */
function folderOf(file: string): string {
    const parts = file.replace(/^shared\//, '').replace(/\.ts$/, '').split('/');
    return parts.slice(0, 2).join('/');
}

function folderGraph(): Map<string, Map<string, string>> {
    const graph = new Map<string, Map<string, string>>();
    for (const file of sourcesUnder('shared')) {
        const from = folderOf(file);
        const edges = graph.get(from) ?? graph.set(from, new Map()).get(from)!;
        for (const { fileName } of ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles) {
            if (!fileName.startsWith('.')) continue;
            const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), fileName)).split(path.sep).join('/');
            const to = target.startsWith('shared/') ? folderOf(target) : `../${target}`;
            if (to !== from && !edges.has(to)) edges.set(to, `${file} imports ${fileName}`);
        }
    }
    return graph;
}

/** Folder-level cycles (strongly connected components of more than one folder), Tarjan's algorithm. */
function loops(graph: Map<string, Map<string, string>>): string[][] {
    let next = 0;
    const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>(), found: string[][] = [];
    const visit = (v: string) => {
        index.set(v, next); low.set(v, next++); stack.push(v); onStack.add(v);
        for (const w of graph.get(v)?.keys() ?? []) {
            if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
            if (component.length > 1) found.push(component.sort());
        }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    return found;
}

const graph = folderGraph();

test('shared/ holds the three layers and nothing beside them', () => {
    expect(fs.readdirSync(path.join(ROOT, 'shared')).sort()).toEqual([...LAYERS].sort());
});

test('no folder of shared/ imports anything above shared/', () => {
    const upward = [...graph.values()].flatMap((edges) => [...edges].filter(([to]) => to.startsWith('../')).map(([, why]) => why));
    expect(upward).toEqual([]);
});

test('imports run one way between the layers: features -> adapters -> core', () => {
    const rank = (folder: string) => LAYERS.indexOf(folder.split('/')[0]);
    const upward = [...graph].flatMap(([from, edges]) => [...edges].filter(([to]) => !to.startsWith('../') && rank(to) > rank(from)).map(([, why]) => why));
    expect(upward).toEqual([]);
});

test('no two folders of shared/ import each other, however indirectly', () => {
    expect(loops(graph)).toEqual([]);
});

test('the loop finder finds a loop of three folders', () => {
    const g = new Map([['a', new Map([['b', '']])], ['b', new Map([['c', '']])], ['c', new Map([['a', '']])], ['d', new Map([['a', '']])]]);
    expect(loops(g)).toEqual([['a', 'b', 'c']]);
});
