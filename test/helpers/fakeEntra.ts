// A stand-in for Microsoft Entra ID in browser tests: a small OpenID Connect
// provider, written from the protocol (OAuth 2.0 code flow with PKCE, OIDC
// discovery, JWKS), importing nothing from the app, shaped like Entra's v2.0
// endpoints under a tenant:
//
//   GET  /{tenant}/v2.0/.well-known/openid-configuration
//   GET  /{tenant}/oauth2/v2.0/authorize   signs the configured user in at once: back to the
//                                           redirect URI with a code (state echoed; nonce kept
//                                           for the id_token; S256 code challenge kept)
//   POST /{tenant}/oauth2/v2.0/token       code + code_verifier (or a refresh token) -> RS256
//                                           id_token (aud = client) and access_token (aud = the
//                                           API), CORS for the page's origin as MSAL fetches it
//   GET  /{tenant}/oauth2/v2.0/logout      back to post_logout_redirect_uri
//   GET  /{tenant}/discovery/v2.0/keys     the signing key set
//
// MSAL refuses an authority that is not https, so the provider serves TLS with a
// throwaway self-signed certificate (openssl; the browser context ignores
// certificate errors). The key set is also served over plain HTTP on loopback
// for the API, whose Node fetch does not trust that certificate.
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FakeEntraUser {
    /** preferred_username (and upn) */
    username: string;
    name: string;
    /** claims the access token carries besides the standard ones: the partner claim, `roles` */
    claims: Record<string, unknown>;
}

export interface FakeEntraOptions {
    /** the console's app registration (client id) */
    clientId: string;
    /** `aud` of the access tokens: the API's application id URI */
    audience: string;
    user: FakeEntraUser;
    tenantId?: string;
    accessTokenSeconds?: number;
}

/** What the provider saw, for tests to assert on. */
export interface FakeEntraEvent {
    endpoint: 'discovery' | 'authorize' | 'token' | 'logout' | 'keys';
    params: Record<string, string>;
    origin?: string;
    outcome: string;
}

export interface FakeEntra {
    /** what CONSOLE_AUTHORITY names: https://127.0.0.1:<port>/<tenant>/v2.0 */
    authority: string;
    /** `iss` of every token (AUTH_ISSUER) */
    issuer: string;
    /** the key set over plain HTTP on loopback (AUTH_JWKS_URL) */
    jwksUrl: string;
    tenantId: string;
    /** redirect URIs of the app registration; the test adds the console's once its host listens */
    redirectUris: Set<string>;
    events: FakeEntraEvent[];
    stop(): Promise<void>;
}

interface PendingCode { clientId: string; redirectUri: string; scope: string; nonce?: string; challenge: string; expires: number }

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-fake-entra-'));
    try {
        const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
            '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8', timeout: 30_000 });
        if (run.status !== 0) throw new Error(`openssl could not make the fake authority's certificate: ${run.error?.message ?? run.stderr}`);
        return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function jwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

async function readForm(req: http.IncomingMessage): Promise<Record<string, string>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function listen(server: http.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
}

export async function startFakeEntra(o: FakeEntraOptions): Promise<FakeEntra> {
    const tenantId = o.tenantId ?? randomUUID();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = b64url(randomBytes(12));
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] };
    const codes = new Map<string, PendingCode>();
    const refreshTokens = new Map<string, { clientId: string; scope: string }>();
    const events: FakeEntraEvent[] = [];
    const redirectUris = new Set<string>();
    const oid = randomUUID();
    let origin = '';
    const issuer = () => `${origin}/${tenantId}/v2.0`;

    const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
        res.end(JSON.stringify(body));
    };
    const redirect = (res: http.ServerResponse, to: string) => {
        res.writeHead(302, { location: to, 'cache-control': 'no-store' });
        res.end();
    };
    /** An answer back to the client at its redirect URI, in the query or the fragment as asked. */
    const answer = (redirectUri: string, mode: string | undefined, params: Record<string, string>) =>
        `${redirectUri}${mode === 'query' ? (redirectUri.includes('?') ? '&' : '?') : '#'}${new URLSearchParams(params)}`;

    /** Tokens for the user: an id_token for the client and an access token for the API (Entra's v2 claims, plus the user's). */
    const tokens = (clientId: string, scope: string, nonce?: string) => {
        const now = Math.floor(Date.now() / 1000);
        const lifetime = o.accessTokenSeconds ?? 3600;
        const requested = scope.split(' ').filter(Boolean);
        const apiScopes = requested.filter((s) => s.startsWith(`${o.audience}/`));
        const common = { iss: issuer(), iat: now, nbf: now, exp: now + lifetime, tid: tenantId, oid, sub: oid, preferred_username: o.user.username, name: o.user.name, ver: '2.0' };
        const refreshToken = b64url(randomBytes(32));
        refreshTokens.set(refreshToken, { clientId, scope });
        return {
            token_type: 'Bearer',
            scope: (apiScopes.length ? apiScopes : requested).join(' '),
            expires_in: lifetime,
            ext_expires_in: lifetime,
            access_token: jwt(privateKey, kid, { ...common, aud: o.audience, azp: clientId, scp: apiScopes.map((s) => s.slice(o.audience.length + 1)).join(' '), upn: o.user.username, ...o.user.claims }),
            ...(requested.includes('openid') ? { id_token: jwt(privateKey, kid, { ...common, aud: clientId, ...(nonce ? { nonce } : {}) }) } : {}),
            ...(requested.includes('offline_access') ? { refresh_token: refreshToken } : {}),
        };
    };

    async function token(req: http.IncomingMessage, res: http.ServerResponse, cors: Record<string, string>): Promise<void> {
        const form = await readForm(req);
        const fail = (error: string, description: string) => {
            events.push({ endpoint: 'token', params: form, origin: req.headers.origin, outcome: error });
            send(res, 400, { error, error_description: description }, cors);
        };
        if (form.grant_type === 'authorization_code') {
            const pending = codes.get(form.code ?? '');
            codes.delete(form.code ?? ''); // one use only
            if (!pending || pending.expires < Date.now()) return fail('invalid_grant', 'The code is unknown, used or expired.');
            if (form.client_id !== pending.clientId) return fail('invalid_client', 'The code was issued to another client.');
            if (form.redirect_uri !== pending.redirectUri) return fail('invalid_grant', 'redirect_uri differs from the authorization request.');
            if (!form.code_verifier || b64url(createHash('sha256').update(form.code_verifier).digest()) !== pending.challenge) return fail('invalid_grant', 'The code_verifier does not match the code_challenge.');
            events.push({ endpoint: 'token', params: form, origin: req.headers.origin, outcome: 'issued' });
            return send(res, 200, tokens(pending.clientId, pending.scope, pending.nonce), cors);
        }
        if (form.grant_type === 'refresh_token') {
            const known = refreshTokens.get(form.refresh_token ?? '');
            if (!known || known.clientId !== form.client_id) return fail('invalid_grant', 'The refresh token is unknown.');
            events.push({ endpoint: 'token', params: form, origin: req.headers.origin, outcome: 'refreshed' });
            return send(res, 200, tokens(known.clientId, form.scope || known.scope), cors);
        }
        return fail('unsupported_grant_type', `grant_type ${form.grant_type} is not supported.`);
    }

    function authorize(url: URL, res: http.ServerResponse): void {
        const p = Object.fromEntries(url.searchParams);
        const refuse = (status: number, outcome: string) => {
            events.push({ endpoint: 'authorize', params: p, outcome });
            res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
            res.end(outcome);
        };
        // no redirect to an unregistered address, ever: the error is shown here
        if (p.client_id !== o.clientId) return refuse(400, `unknown client_id ${p.client_id}`);
        if (!redirectUris.has(p.redirect_uri)) return refuse(400, `redirect_uri ${p.redirect_uri} is not registered`);
        const back = (params: Record<string, string>, outcome: string) => {
            events.push({ endpoint: 'authorize', params: p, outcome });
            redirect(res, answer(p.redirect_uri, p.response_mode, { ...params, ...(p.state ? { state: p.state } : {}) }));
        };
        if (p.response_type !== 'code') return back({ error: 'unsupported_response_type', error_description: 'Only the code flow.' }, 'unsupported_response_type');
        if (!p.code_challenge || p.code_challenge_method !== 'S256') return back({ error: 'invalid_request', error_description: 'PKCE with S256 is required.' }, 'pkce-missing');
        if (!(p.scope ?? '').split(' ').includes('openid')) return back({ error: 'invalid_scope', error_description: 'openid is required.' }, 'invalid_scope');
        const code = b64url(randomBytes(32));
        codes.set(code, { clientId: p.client_id, redirectUri: p.redirect_uri, scope: p.scope, nonce: p.nonce, challenge: p.code_challenge, expires: Date.now() + 5 * 60_000 });
        back({ code, ...(p.client_info === '1' ? { client_info: b64url(JSON.stringify({ uid: oid, utid: tenantId })) } : {}) }, 'code');
    }

    async function handle(req: http.IncomingMessage, res: http.ServerResponse, tls: boolean): Promise<void> {
        const url = new URL(req.url ?? '/', origin);
        const route = url.pathname.startsWith(`/${tenantId}/`) ? url.pathname.slice(tenantId.length + 1) : '';
        // the page's origin may read discovery, keys and token answers (MSAL calls them with fetch)
        const cors: Record<string, string> = req.headers.origin ? { 'access-control-allow-origin': req.headers.origin, vary: 'Origin' } : {};
        if (route === '/discovery/v2.0/keys' && req.method === 'GET') {
            events.push({ endpoint: 'keys', params: {}, outcome: tls ? 'https' : 'http' });
            return send(res, 200, jwks, cors);
        }
        if (!tls) return send(res, 404, { error: 'not_found' });
        if (req.method === 'OPTIONS') {
            res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type', 'access-control-max-age': '600' });
            return void res.end();
        }
        if (route === '/v2.0/.well-known/openid-configuration' && req.method === 'GET') {
            events.push({ endpoint: 'discovery', params: {}, origin: req.headers.origin, outcome: 'served' });
            const base = `${origin}/${tenantId}`;
            return send(res, 200, {
                issuer: issuer(),
                authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
                token_endpoint: `${base}/oauth2/v2.0/token`,
                end_session_endpoint: `${base}/oauth2/v2.0/logout`,
                jwks_uri: `${base}/discovery/v2.0/keys`,
                response_types_supported: ['code'],
                response_modes_supported: ['query', 'fragment'],
                grant_types_supported: ['authorization_code', 'refresh_token'],
                subject_types_supported: ['pairwise'],
                id_token_signing_alg_values_supported: ['RS256'],
                code_challenge_methods_supported: ['S256'],
                token_endpoint_auth_methods_supported: ['none'],
                scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
                claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'oid'],
            }, cors);
        }
        if (route === '/oauth2/v2.0/authorize' && req.method === 'GET') return authorize(url, res);
        if (route === '/oauth2/v2.0/token' && req.method === 'POST') return token(req, res, cors);
        if (route === '/oauth2/v2.0/logout' && req.method === 'GET') {
            const p = Object.fromEntries(url.searchParams);
            const to = p.post_logout_redirect_uri;
            if (to && redirectUris.has(to)) {
                events.push({ endpoint: 'logout', params: p, outcome: 'signed-out' });
                return redirect(res, to);
            }
            events.push({ endpoint: 'logout', params: p, outcome: 'signed-out, no registered address to return to' });
            res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
            return void res.end('You are signed out.');
        }
        send(res, 404, { error: 'not_found', error_description: `${req.method} ${url.pathname}` });
    }

    const serve = (tls: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
        handle(req, res, tls).catch((e) => { if (!res.headersSent) send(res, 500, { error: 'server_error', error_description: String(e) }); else res.end(); });
    };
    const secure = https.createServer(selfSignedCertificate(), serve(true));
    const plain = http.createServer(serve(false));
    const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
    origin = `https://127.0.0.1:${securePort}`;
    const close = (s: http.Server) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
    return {
        authority: `${origin}/${tenantId}/v2.0`,
        issuer: issuer(),
        jwksUrl: `http://127.0.0.1:${plainPort}/${tenantId}/discovery/v2.0/keys`,
        tenantId,
        redirectUris,
        events,
        stop: async () => { await Promise.all([close(secure), close(plain)]); },
    };
}
