// The public API, called with the signed-in agent's bearer token, how this
// deployment signs in (config.json), and the local sign-in (the simulator's
// token endpoint, served only by the local host).
const KEY = 'telco-overage-console.token';

/** /api, whatever the route prefix: the console is served at <prefix>/console. */
export const API = new URL('..', new URL('.', document.baseURI)).pathname.replace(/\/$/, '');

export function storedToken() {
    return sessionStorage.getItem(KEY);
}

export function storeToken(token) {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
}

/** The token's claims (the API checks its signature; the console only reads who and which roles). */
export function claims(token, partnerClaim = 'partnerId') {
    try {
        const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const c = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (ch) => ch.charCodeAt(0))));
        if (typeof c.exp === 'number' && c.exp * 1000 < Date.now()) return null;
        return { upn: c.upn ?? c.preferred_username ?? c.sub, partnerId: c[partnerClaim], roles: Array.isArray(c.roles) ? c.roles : [] };
    } catch {
        return null;
    }
}

/** An API error: the problem+json's detail and remedy when the API gave them. */
export class ApiError extends Error {
    constructor(status, body) {
        super(body?.detail ?? `The request failed (HTTP ${status}).`);
        this.status = status;
        this.code = body?.code;
        this.remedy = body?.remedy;
        this.title = body?.title;
    }
}

async function readBody(res) {
    const text = await res.text();
    if (!text) return null;
    try {
        return JSON.parse(text);
    } catch {
        return { detail: text.slice(0, 300) };
    }
}

/** fetch with the bearer token; resolves {status, body, headers} for any status. */
export async function call(token, method, url, body, extraHeaders = {}) {
    const headers = { accept: 'application/json, application/problem+json', ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    return { status: res.status, body: await readBody(res), headers: res.headers };
}

/** As call, but throws ApiError unless the status is 2xx. */
export async function ok(token, method, url, body, extraHeaders) {
    const r = await call(token, method, url, body, extraHeaders);
    if (r.status < 200 || r.status > 299) throw new ApiError(r.status, r.body);
    return r;
}

/** config.json: {signIn: 'entra', clientId, authority, scopes, …} | {signIn: 'simulator'} | {signIn: 'none'}; {signIn: 'error', detail} when it cannot be read. */
export async function signInConfig() {
    try {
        const res = await fetch('config.json', { cache: 'no-store', headers: { accept: 'application/json, application/problem+json' } });
        const body = await readBody(res);
        if (res.ok && body?.signIn) return body;
        return { signIn: 'error', detail: body?.detail ?? `The sign-in settings could not be read (HTTP ${res.status}).`, remedy: body?.remedy };
    } catch {
        return { signIn: 'error', detail: 'The sign-in settings could not be read: the app did not answer.' };
    }
}

/** The local host's demo sign-in, or null where there is none (Azure: sign in with Entra ID). */
export async function localSignIn() {
    // only called when config.json says the simulator signs in; its world names the demo agents
    const world = await fetch('/simulator/world', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!world) return null;
    return world;
}

export async function mintLocalToken(partnerId, upn, roles) {
    const r = await ok(null, 'POST', '/simulator/token', { partnerId, upn, roles });
    return r.body.access_token;
}

/**
 * Downloads a file the API serves only with the bearer token (a plain link
 * cannot carry it): fetch it, then save the blob under the name the API gave
 * (Content-Disposition) or `fallbackName`. Throws ApiError when refused.
 */
export async function download(token, url, fallbackName) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv, application/problem+json' }, cache: 'no-store' });
    if (!res.ok) throw new ApiError(res.status, await readBody(res));
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = named ? decodeURIComponent(named[1]) : fallbackName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return a.download;
}

/** A link the API answered with (absolute or not), as a path on this origin. */
export function apiPath(link) {
    const u = new URL(link, location.href);
    return u.pathname + u.search;
}

/** A fresh key for a POST that must not be done twice (Idempotency-Key). */
export function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const customerUrl = (id, rest = '') => `${API}/customers/${encodeURIComponent(id)}${rest}`;
