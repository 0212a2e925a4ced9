// GET /api/console[/{file}]: the partner console, a static page that calls the
// same public API with the signed-in agent's bearer token (no back door).
// Only what is listed here at start is served: the files of console/ (HTML,
// JS modules, CSS) and one vendor module from node_modules; anything else is
// 404, so no path from the URL ever reaches the file system.
import { app, HttpRequest, HttpResponseInit } from '@azure/functions';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.json': 'application/json; charset=utf-8',
};

/** Vendor modules, by the URL the console imports them from: [package, file in the package]. */
const VENDOR: Record<string, [string, string]> = {
    'vendor/htm-preact.js': ['htm', 'preact/standalone.module.js'],
    'vendor/uPlot.esm.js': ['uplot', 'dist/uPlot.esm.js'],
    'vendor/uPlot.min.css': ['uplot', 'dist/uPlot.min.css'],
};

/**
 * A file of an installed package. htm's "exports" do not list this file for
 * `require` (only a "./" folder mapping, which Node no longer honours), so
 * resolve the package's main entry and walk up to the folder of its package.json.
 */
export function packageFile(pkg: string, file: string): string {
    let dir = path.dirname(require.resolve(pkg));
    while (!isPackageRoot(dir, pkg)) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`package ${pkg} not found`);
        dir = up;
    }
    return path.join(dir, file);
}

function isPackageRoot(dir: string, pkg: string): boolean {
    try {
        return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === pkg;
    } catch {
        return false;
    }
}

interface Asset { body: Buffer; type: string; etag: string; cacheControl: string }

/**
 * console/ sits at the repository (app) root, next to functions/, and is not
 * compiled. This module runs from functions/ under ts-jest and from
 * dist/functions/ once built (locally and in Azure, where the deployed
 * package keeps the same layout), so look one and then two levels up from
 * here: that does not depend on the process's working directory.
 */
export function consoleRoot(from: string = __dirname): string | undefined {
    return [path.resolve(from, '..', 'console'), path.resolve(from, '..', '..', 'console'), path.resolve(process.cwd(), 'console')]
        .find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

function asset(file: string, cacheControl: string): Asset | undefined {
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type) return undefined;
    const body = fs.readFileSync(file);
    return { body, type, cacheControl, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Every file the console may serve, keyed by its path under /api/console/. */
export function loadConsoleAssets(root = consoleRoot()): Map<string, Asset> {
    const assets = new Map<string, Asset>();
    if (root) {
        for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
            if (!entry.isFile()) continue;
            const file = path.join(entry.parentPath, entry.name);
            const a = asset(file, 'no-cache');
            if (a) assets.set(path.relative(root, file).split(path.sep).join('/'), a);
        }
    }
    for (const [url, [pkg, file]] of Object.entries(VENDOR)) {
        const a = asset(packageFile(pkg, file), 'public, max-age=3600');
        if (a) assets.set(url, a);
    }
    return assets;
}

let assets: Map<string, Asset> | undefined;

const SECURITY_HEADERS = {
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
};

function notFound(): HttpResponseInit {
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }, body: 'Not found' };
}

function serve(req: HttpRequest, name: string): HttpResponseInit {
    assets ??= loadConsoleAssets();
    const a = assets.get(name);
    if (!a) return notFound();
    const headers: Record<string, string> = { 'content-type': a.type, 'cache-control': a.cacheControl, etag: a.etag, ...SECURITY_HEADERS };
    if (req.headers.get('if-none-match') === a.etag) return { status: 304, headers };
    if (name !== 'index.html') return { status: 200, headers, body: a.body };
    // the page's relative URLs (its modules, its CSS) resolve under /api/console/ whether it was opened with or without the slash
    const pathname = new URL(req.url).pathname;
    const base = `${pathname.replace(/\/(index\.html)?$/, '')}/`.replace(/[^A-Za-z0-9/_.-]/g, '');
    return { status: 200, headers, body: a.body.toString('utf8').replace('<!--base-->', `<base href="${base}">`) };
}

app.http('consolePage', {
    route: 'console',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: async (req) => serve(req, 'index.html'),
});

app.http('consoleFile', {
    route: 'console/{*file}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: async (req) => serve(req, req.params.file || 'index.html'),
});
