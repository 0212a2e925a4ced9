// npm run package loads the staged package before azd uploads it, and fails
// unless it registers every function the repository's own build registers
// (same loader, same settings). Checked here with the real loader (the
// repository's build of scripts/deploy/loadStaged.ts) on made-up apps: a
// repository in a temp dir, its package staged inside it as dist-azure/ is.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLoads } from '../../scripts/deploy/loadCheck';

const ROOT = path.join(__dirname, '..', '..');
const LOADER = path.join(ROOT, 'dist', 'scripts', 'deploy', 'loadStaged.js');

// registers through the worker's @azure/functions-core, as @azure/functions does
const INDEX = `
const core = require('@azure/functions-core');
const register = (name) => core.registerFunction({ name, bindings: { trigger: { type: 'httpTrigger', direction: 'in' } } }, () => undefined);
register('health');
// an optional part: registered only when its module loads
try { require('mail-sdk'); register('sendMail'); } catch { /* without mail */ }
try { require('./reports'); register('reports'); } catch { /* without reports */ }
require('csv-kit');
`;
const CONSOLE = `
const path = require('node:path');
exports.VENDOR = {};
exports.packageFile = () => '';
exports.consoleRoot = () => path.join(__dirname, '..', '..', 'console');
`;

let repo: string;
let out: string;
beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'too-loadcheck-'));
    out = path.join(repo, 'dist-azure');
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

/** The same app, in the repository and in its package, less `without` (paths relative to either). */
function app(without: string[] = []): void {
    const files: Record<string, string> = {
        'package.json': JSON.stringify({ main: 'build/functions/index.js' }),
        'build/functions/index.js': INDEX,
        'build/functions/console.js': CONSOLE,
        'build/functions/reports.js': 'module.exports = {};',
        'console/index.html': '<!doctype html>',
        'node_modules/swagger-ui-dist/package.json': JSON.stringify({ name: 'swagger-ui-dist' }),
        'node_modules/mail-sdk/package.json': JSON.stringify({ name: 'mail-sdk' }),
        'node_modules/mail-sdk/index.js': 'module.exports = {};',
        'node_modules/csv-kit/package.json': JSON.stringify({ name: 'csv-kit' }),
        'node_modules/csv-kit/index.js': 'module.exports = {};',
    };
    for (const [rel, body] of Object.entries(files)) {
        for (const [dir, skip] of [[repo, false], [out, without.includes(rel)]] as const) {
            if (skip) continue;
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), body);
        }
    }
}

test('a whole package registers what the repository\'s build registers', () => {
    app();
    expect(checkLoads(out, repo, LOADER)).toEqual({ functions: ['health', 'sendMail', 'reports'], notFound: [] });
});

test('a package missing an optional dependency loads, but without a function the build registers: the check fails naming both', () => {
    app(['node_modules/mail-sdk/index.js', 'node_modules/mail-sdk/package.json']);
    expect(() => checkLoads(out, repo, LOADER)).toThrow(/does not register sendMail, which the repository's build registers.*modules not found in the package: mail-sdk \(found only at /);
});

test('a package missing one of the app\'s modules: the check fails naming the function', () => {
    app(['build/functions/reports.js']);
    expect(() => checkLoads(out, repo, LOADER)).toThrow(/does not register reports, which/);
});

test('a package missing a dependency the app needs does not load at all', () => {
    app(['node_modules/csv-kit/index.js', 'node_modules/csv-kit/package.json']);
    expect(() => checkLoads(out, repo, LOADER)).toThrow(/the app does not load from .*Cannot find module 'csv-kit' in the package/s);
});
