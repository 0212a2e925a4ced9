// GET /api/console[/{file}]: the partner console, a static page that calls the
// same public API with the signed-in agent's bearer token (no back door).
// Only what is listed here at start is served: the files of console/ (HTML,
// JS modules, CSS) and a few vendor files from node_modules; anything else is
// 404, so no path from the URL ever reaches the file system.
// GET /api/console/config.json tells the page how to sign in: Entra ID with
// MSAL (CONSOLE_* settings) in Azure, a demo agent of the simulator locally.
import { app, HttpRequest, HttpResponseInit } from '@azure/functions';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

/** The page's CSP: MSAL fetches the authority's metadata and token endpoint from the page, so that origin joins connect-src. */
export function consoleCsp(signIn: ConsoleSignIn): string {
    if (signIn.signIn !== 'entra') return CONSOLE_CSP;
    return CONSOLE_CSP.replace("connect-src 'self'", `connect-src 'self' ${new URL(signIn.authority).origin}`);
}

/** How the console signs in, as GET /api/console/config.json says it (no secret: a SPA's client id and authority are public). */
export type ConsoleSignIn =
    | { signIn: 'entra'; clientId: string; authority: string; scopes: string[]; knownAuthorities?: string[]; protocolMode?: 'OIDC'; partnerClaim: string }
    /** the local host's demo agents, whose tokens the API trusts there */
    | { signIn: 'simulator' }
    /** Azure with no console sign-in configured */
    | { signIn: 'none' };

/** Entra ID's sign-in hosts (public and national clouds), where MSAL's own (AAD) protocol mode applies. */
const ENTRA_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net', 'sts.windows.net', 'login.microsoftonline.us', 'login.usgovcloudapi.net', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

/**
 * The console's sign-in from the settings, or why it is misconfigured.
 * CONSOLE_CLIENT_ID without the API's own Entra verification (AUTH_*) is an
 * error, not a fallback: the console would get Entra tokens that the API (then
 * trusting the simulator, or nothing) refuses, and every page would fail with
 * 401s far from the cause.
 */
export function consoleSignIn(env: Record<string, string | undefined>): ConsoleSignIn | { misconfigured: string } {
    const clientId = env.CONSOLE_CLIENT_ID?.trim();
    if (!clientId) return env.AUTH_ISSUER || !env.LOCAL_HOST_URL ? { signIn: 'none' } : { signIn: 'simulator' };
    const missing = ['CONSOLE_AUTHORITY', 'CONSOLE_API_SCOPE', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'].filter((name) => !env[name]?.trim());
    if (missing.length) return { misconfigured: `CONSOLE_CLIENT_ID is set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not: the console's Entra ID sign-in needs its authority and the API's scope, and the API must verify Entra ID tokens (AUTH_*) or it refuses the console's.` };
    let authority: URL;
    try {
        authority = new URL(env.CONSOLE_AUTHORITY!.trim());
    } catch {
        return { misconfigured: `CONSOLE_AUTHORITY (${env.CONSOLE_AUTHORITY}) is not a URL; give e.g. https://login.microsoftonline.com/organizations.` };
    }
    if (authority.protocol !== 'https:') return { misconfigured: `CONSOLE_AUTHORITY (${authority.href}) must be an https URL: MSAL refuses any other.` };
    const scopes = env.CONSOLE_API_SCOPE!.split(/[\s,]+/).filter(Boolean);
    const base = { signIn: 'entra' as const, clientId, authority: authority.href.replace(/\/+$/, ''), scopes, partnerClaim: env.AUTH_PARTNER_CLAIM?.trim() || 'partnerId' };
    if (ENTRA_HOSTS.has(authority.hostname)) return base;
    // B2C and External ID hosts speak Entra's protocol but must be declared; any other host is a plain OpenID Connect provider
    if (/\.(b2clogin|ciamlogin)\.com$/.test(authority.hostname)) return { ...base, knownAuthorities: [authority.host] };
    return { ...base, knownAuthorities: [authority.host], protocolMode: 'OIDC' };
}

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.json': 'application/json; charset=utf-8',
};

/** Vendor files, by the URL the console loads them from: [package, file in the package]. */
export const VENDOR: Record<string, [string, string]> = {
    'vendor/htm-preact.js': ['htm', 'preact/standalone.module.js'],
    'vendor/uPlot.esm.js': ['uplot', 'dist/uPlot.esm.js'],
    'vendor/uPlot.min.css': ['uplot', 'dist/uPlot.min.css'],
    // MSAL's browser build as one classic script (global `msal`): its ES build imports bare
    // specifiers that need a bundler. Loaded by console/entra.js only when signing in with Entra ID.
    'vendor/msal-browser.min.js': ['@azure/msal-browser', 'lib/msal-browser.min.js'],
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

function securityHeaders(signIn: ConsoleSignIn | { misconfigured: string }): Record<string, string> {
    return {
        'content-security-policy': 'signIn' in signIn ? consoleCsp(signIn) : CONSOLE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
    };
}

function notFound(security: Record<string, string>): HttpResponseInit {
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...security }, body: 'Not found' };
}

function config(signIn: ConsoleSignIn | { misconfigured: string }, security: Record<string, string>): HttpResponseInit {
    if ('misconfigured' in signIn) {
        // problem+json as http/problem.ts writes it, inline: this module imports nothing of the app's (it is also loaded on its own, see the console tests)
        return {
            status: 500,
            headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...security },
            body: JSON.stringify({
                type: 'https://telco-overage.example/problems/console-misconfigured', title: 'Internal Server Error', status: 500, code: 'console-misconfigured', detail: signIn.misconfigured,
                remedy: 'Set CONSOLE_CLIENT_ID, CONSOLE_AUTHORITY and CONSOLE_API_SCOPE for the console, and AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL for the API, or unset CONSOLE_CLIENT_ID (see the README, "Sign-in in Azure").',
            }),
        };
    }
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...security }, body: JSON.stringify(signIn) };
}

function serve(env: Record<string, string | undefined>, req: HttpRequest, name: string): HttpResponseInit {
    // read at each request (cheap): the settings are the app's, and tests start hosts with different ones
    const signIn = consoleSignIn(env);
    const security = securityHeaders(signIn);
    if (name === 'config.json') return config(signIn, security);
    assets ??= loadConsoleAssets();
    const a = assets.get(name);
    if (!a) return notFound(security);
    const headers: Record<string, string> = { 'content-type': a.type, 'cache-control': a.cacheControl, etag: a.etag, ...security };
    if (req.headers.get('if-none-match') === a.etag) return { status: 304, headers };
    if (name !== 'index.html') return { status: 200, headers, body: a.body };
    // the page's relative URLs (its modules, its CSS) resolve under /api/console/ whether it was opened with or without the slash
    const pathname = new URL(req.url).pathname;
    const base = `${pathname.replace(/\/(index\.html)?$/, '')}/`.replace(/[^A-Za-z0-9/_.-]/g, '');
    return { status: 200, headers, body: a.body.toString('utf8').replace('<!--base-->', `<base href="${base}">`) };
}

/** Only the settings are handed in (Dependencies.env: the sign-in the page is told); this module loads nothing of the app's. */
export function registerConsole(deps: { env: Record<string, string | undefined> }): void {
    app.http('consolePage', {
        route: 'console',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: async (req) => serve(deps.env, req, 'index.html'),
    });

    app.http('consoleFile', {
        route: 'console/{*file}',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: async (req) => serve(deps.env, req, req.params.file || 'index.html'),
    });
}
