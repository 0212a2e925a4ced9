// Prints what the partner console costs a browser: every file it may load
// (console/ and the vendor files the app serves, MSAL's browser build included,
// which only an Entra ID sign-in loads), raw and gzipped, and fails above the budget.
//   npm run build --silent && node dist/scripts/consoleSize.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { packageFile, VENDOR } from '../functions/console';

const BUDGET_GZ = 250 * 1024;

/** console/ at the repository root, from scripts/ (ts) or dist/scripts/ (built). */
const root = [path.resolve(__dirname, '..', 'console'), path.resolve(__dirname, '..', '..', 'console')].find((d) => fs.existsSync(path.join(d, 'index.html')));
if (!root) throw new Error('console/index.html not found next to scripts/');

const files = [
    ...fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)),
    ...Object.values(VENDOR).map(([pkg, file]) => packageFile(pkg, file)),
];
let raw = 0;
let gz = 0;
for (const f of files) {
    const body = fs.readFileSync(f);
    const z = zlib.gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += z;
    console.log(`${(z / 1024).toFixed(1).padStart(7)} KB gz  ${(body.length / 1024).toFixed(1).padStart(7)} KB  ${path.relative(process.cwd(), f)}`);
}
console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB gz  ${(raw / 1024).toFixed(1).padStart(7)} KB  total (${files.length} files; budget ${BUDGET_GZ / 1024} KB gz)`);
if (gz > BUDGET_GZ) process.exitCode = 1;
