// Follows a module's imports through the repository, to check boundaries that
// a lint rule sees only one import deep.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const ROOT = path.join(__dirname, '..', '..');

/** Every repository file `entry` loads, directly or not (repo-relative paths), and the packages among them. */
export function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
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
    visit(path.isAbsolute(entry) ? entry : path.join(ROOT, entry));
    return { files, packages };
}

/** The .ts files under a repository folder, repo-relative. */
export function sourcesUnder(folder: string): string[] {
    return fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `${folder}/${f.split(path.sep).join('/')}`);
}
