// The console's sign-in with Entra ID, in chromium: the app host runs with the
// API verifying tokens of a fake Entra authority (test/helpers/fakeEntra.ts, a
// small OpenID Connect provider over TLS) and the console configured to sign in
// there with MSAL. The page goes to the authority by itself, comes back signed
// in, lists the partner's fleet with data the API gave for that token, and
// signs out through the authority. And under the default local host,
// config.json says `simulator` and the CSP stays 'self' only.
import { createHash } from 'node:crypto';
import * as https from 'node:https';
import { API_AUDIENCE } from '../../shared/adapters/identity/authConfig';
import { AppHost, startAppHost } from '../helpers/appHost';
import { FakeEntra, startFakeEntra } from '../helpers/fakeEntra';
import { runFleetSync } from '../helpers/fleetSync';
import { browserSuite } from './browserSuite';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
const CLIENT_ID = '5e3f6c1a-0000-4000-8000-00000000c0de';
const SCOPE = `${API_AUDIENCE}/user_impersonation`;
const SETTINGS = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_PARTNER_CLAIM', 'CONSOLE_CLIENT_ID', 'CONSOLE_AUTHORITY', 'CONSOLE_API_SCOPE'];

/** Sets the settings for one host and gives back a function that puts the old values back. */
function withSettings(values: Record<string, string | undefined>): () => void {
    const before = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
    for (const k of SETTINGS) {
        if (values[k] === undefined) delete process.env[k];
        else process.env[k] = values[k];
    }
    return () => { for (const [k, v] of Object.entries(before)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } };
}

/** A request to the fake authority, whose throwaway certificate Node's fetch would refuse. */
function insecure(method: string, url: string, form?: string): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
        const req = https.request(url, { method, rejectUnauthorized: false, headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {} }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | undefined>, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(form);
    });
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('config.json under the default local host', () => {
    let app: AppHost;
    let restore: () => void;
    beforeAll(async () => {
        restore = withSettings({});
        app = await startAppHost();
    });
    afterAll(async () => {
        await app?.stop();
        restore?.();
    });

    test('says simulator, with the CSP of \'self\' only', async () => {
        const res = await fetch(`${app.url}/api/console/config.json`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-security-policy')).toBe(CSP);
        expect(await res.json()).toEqual({ signIn: 'simulator' });
        expect((await fetch(`${app.url}/api/console`)).headers.get('content-security-policy')).toBe(CSP);
    });

    test('CONSOLE_CLIENT_ID without the API\'s Entra settings is a misconfiguration, said as such', async () => {
        process.env.CONSOLE_CLIENT_ID = CLIENT_ID;
        try {
            const res = await fetch(`${app.url}/api/console/config.json`);
            expect(res.status).toBe(500);
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            const body: any = await res.json();
            expect(body.code).toBe('console-misconfigured');
            expect(body.detail).toMatch(/CONSOLE_AUTHORITY, CONSOLE_API_SCOPE, AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL are not/);
            expect(body.remedy).toMatch(/README/);
            expect(JSON.stringify(body)).not.toContain('secret');
        } finally {
            delete process.env.CONSOLE_CLIENT_ID;
        }
    });

    test('with Entra ID itself as the authority: MSAL\'s own protocol, no known authorities to declare, its origin in connect-src', async () => {
        const restoreHere = withSettings({
            AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0', AUTH_AUDIENCE: API_AUDIENCE, AUTH_JWKS_URL: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
            CONSOLE_CLIENT_ID: CLIENT_ID, CONSOLE_AUTHORITY: 'https://login.microsoftonline.com/organizations/', CONSOLE_API_SCOPE: SCOPE,
        });
        try {
            const res = await fetch(`${app.url}/api/console/config.json`);
            expect(await res.json()).toEqual({ signIn: 'entra', clientId: CLIENT_ID, authority: 'https://login.microsoftonline.com/organizations', scopes: [SCOPE], partnerClaim: 'partnerId' });
            expect(res.headers.get('content-security-policy')).toBe(CSP.replace("connect-src 'self'", "connect-src 'self' https://login.microsoftonline.com"));
            process.env.CONSOLE_AUTHORITY = 'http://login.example/tenant';
            const insecureAuthority: any = await (await fetch(`${app.url}/api/console/config.json`)).json();
            expect([insecureAuthority.code, insecureAuthority.detail]).toEqual(['console-misconfigured', expect.stringMatching(/must be an https URL/)]);
        } finally {
            restoreHere();
        }
    });
});

/** The fake authority, the settings that point the app at it, and the app host, stopped together. */
interface EntraWorld { app: AppHost; fake: FakeEntra; stop(): Promise<void> }

async function startEntraWorld(): Promise<EntraWorld> {
    const fake = await startFakeEntra({
        clientId: CLIENT_ID,
        audience: API_AUDIENCE,
        // as an Entra app registration would map them: a directory extension for the partner, app roles
        user: { username: 'admin@contoso-telecom.example', name: 'Contoso Admin', claims: { 'extn.partnerId': '1001', roles: ['AdminAgent'] } },
    });
    const restore = withSettings({
        AUTH_ISSUER: fake.issuer, AUTH_AUDIENCE: API_AUDIENCE, AUTH_JWKS_URL: fake.jwksUrl, AUTH_PARTNER_CLAIM: 'extn.partnerId',
        CONSOLE_CLIENT_ID: CLIENT_ID, CONSOLE_AUTHORITY: fake.authority, CONSOLE_API_SCOPE: SCOPE,
    });
    const stopFake = async () => { await fake.stop(); restore(); };
    const app = await startAppHost().catch(async (err) => { await stopFake(); throw err; });
    // the app registration's redirect URI: the console's own address
    fake.redirectUris.add(`${app.url}/api/console/`);
    return { app, fake, stop: async () => { await app.stop(); await stopFake(); } };
}

browserSuite('the console signs in with Entra ID (a fake authority) through MSAL', { shots: 'console', host: startEntraWorld }, (s) => {
    let fake: FakeEntra;
    let app: AppHost;

    beforeAll(async () => {
        ({ app, fake } = s.host);
        // the fleet, the landing page, lists what the sync assessed
        await runFleetSync(app);
    });

    test('config.json names the authority, and the CSP lets the page reach it and nothing else', async () => {
        const res = await fetch(`${app.url}/api/console/config.json`);
        expect(res.status).toBe(200);
        const origin = new URL(fake.authority).origin;
        expect(await res.json()).toEqual({
            signIn: 'entra', clientId: CLIENT_ID, authority: fake.authority, scopes: [SCOPE],
            knownAuthorities: [new URL(fake.authority).host], protocolMode: 'OIDC', partnerClaim: 'extn.partnerId',
        });
        for (const url of ['/api/console', '/api/console/config.json']) {
            expect((await fetch(`${app.url}${url}`)).headers.get('content-security-policy')).toBe(CSP.replace("connect-src 'self'", `connect-src 'self' ${origin}`));
        }
        // MSAL's browser build is served from the app, like the other vendor files
        const msal = await fetch(`${app.url}/api/console/vendor/msal-browser.min.js`);
        expect(msal.status).toBe(200);
        expect(msal.headers.get('content-type')).toContain('text/javascript');
        expect(await msal.text()).toMatch(/^\/\*! @azure\/msal-browser v5\./);
    });

    test('the fake authority holds to the protocol: a code is for one PKCE verifier, once, and the id_token carries the nonce', async () => {
        const redirectUri = `${app.url}/api/console/`;
        const verifier = 'a'.repeat(43);
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        const authorize = async () => {
            const q = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: `${SCOPE} openid offline_access`, state: 's1', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256' });
            const res = await insecure('GET', `${fake.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/authorize?${q}`);
            expect(res.status).toBe(302);
            const back = new URLSearchParams(new URL(res.headers.location!).hash.slice(1));
            expect(back.get('state')).toBe('s1');
            return back.get('code')!;
        };
        const tokenUrl = `${fake.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`;
        const exchange = (code: string, codeVerifier: string) => insecure('POST', tokenUrl, new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: redirectUri, code, code_verifier: codeVerifier }).toString());
        const stolen = await authorize();
        expect(JSON.parse((await exchange(stolen, 'b'.repeat(43))).body).error).toBe('invalid_grant');
        expect(JSON.parse((await exchange(stolen, verifier)).body).error).toBe('invalid_grant'); // spent
        const code = await authorize();
        const ok = await exchange(code, verifier);
        expect(ok.status).toBe(200);
        const tokens = JSON.parse(ok.body);
        expect(claimsOf(tokens.id_token)).toEqual(expect.objectContaining({ aud: CLIENT_ID, nonce: 'n1', iss: fake.issuer }));
        expect(claimsOf(tokens.access_token)).toEqual(expect.objectContaining({ aud: API_AUDIENCE, iss: fake.issuer }));
        // and the API trusts that access token
        expect((await app.call('GET', '/api/customers', undefined, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
        expect(fake.events.some((e) => e.endpoint === 'keys' && e.outcome === 'http')).toBe(true);
        // an unregistered redirect URI is refused at the authority, not followed
        const q = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: 'https://attacker.example/', response_type: 'code', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' });
        expect((await insecure('GET', `${fake.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/authorize?${q}`)).status).toBe(400);
        fake.events.length = 0; // the browser test below counts its own
    });

    test('redirected to the authority and back signed in, the partner\'s fleet from the API with that token, then signed out', async () => {
        const { page, errors, close } = await s.open({ ignoreHTTPSErrors: true });
        const bearers: string[] = [];
        page.on('request', (r) => {
            const auth = r.headers().authorization;
            if (r.url().startsWith(`${app.url}/api/`) && auth) bearers.push(auth.replace(/^Bearer /, ''));
        });
        try {
            await page.goto(`${app.url}/api/console`);
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor({ timeout: 20_000 });
            await page.getByRole('link', { name: 'Fabrikam', exact: true }).waitFor({ timeout: 10_000 });
            expect(await page.getByRole('row').filter({ hasText: 'Proseware' }).count()).toBe(1);
            expect(page.url()).not.toMatch(/code=|state=/);
            // the partner by name once GET /api/partners answered (with the same token), its id secondary
            await page.locator('header .who .partner-id').waitFor();
            expect(await page.locator('header .who').textContent()).toBe('admin@contoso-telecom.example · Contoso Telecom (partner 1001) · AdminAgent');
            await s.check(page, 'entra-fleet');

            // the authority saw the code flow with PKCE, state and nonce, and the page's own fetch of the token
            const authorize = fake.events.filter((e) => e.endpoint === 'authorize');
            expect(authorize.map((e) => e.outcome)).toEqual(['code']);
            expect(authorize[0].params).toEqual(expect.objectContaining({ client_id: CLIENT_ID, redirect_uri: `${app.url}/api/console/`, response_type: 'code', code_challenge_method: 'S256' }));
            expect(authorize[0].params.state).toBeTruthy();
            expect(authorize[0].params.nonce).toBeTruthy();
            expect(authorize[0].params.scope.split(' ')).toEqual(expect.arrayContaining([SCOPE, 'openid']));
            const issued = fake.events.filter((e) => e.endpoint === 'token');
            expect(issued.map((e) => [e.outcome, e.origin])).toEqual([['issued', app.url]]);
            // the API was called with the authority's access token, verified against its keys
            expect(bearers.length).toBeGreaterThan(0);
            expect(new Set(bearers).size).toBe(1);
            expect(claimsOf(bearers[0])).toEqual(expect.objectContaining({ iss: fake.issuer, aud: API_AUDIENCE, 'extn.partnerId': '1001', roles: ['AdminAgent'], scp: 'user_impersonation' }));
            // the token sits in MSAL's session cache, not in the simulator sign-in's key
            expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('telco-overage-console.token'))).toBeNull();

            // open a customer: the detail is read with the same token
            await page.getByRole('searchbox', { name: 'Search' }).fill('Fabri');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?q=Fabri');
            await page.getByRole('link', { name: 'Fabrikam', exact: true }).click();
            await page.getByRole('heading', { level: 1, name: 'Fabrikam' }).waitFor();
            await page.locator('#diag-h + p').waitFor();
            // offered once the overage answer says this agent may (its actions come with it)
            await page.getByRole('button', { name: 'Enable overage' }).waitFor();
            expect(await page.getByRole('button', { name: 'Enable overage' }).count()).toBe(1);

            // sign out: through the authority's end-session endpoint and back, with nothing left in the cache
            const apiCalls = bearers.length;
            const back = page.waitForEvent('load', { timeout: 20_000 });
            await page.getByRole('button', { name: 'Sign out' }).click();
            await back; // the console again, as the authority sent it back
            expect(page.url()).toBe(`${app.url}/api/console/`);
            await page.getByText('You are signed out.').waitFor({ timeout: 20_000 });
            const signIn = page.getByRole('button', { name: 'Sign in with Microsoft' });
            await signIn.waitFor();
            expect(fake.events.filter((e) => e.endpoint === 'logout').map((e) => [e.outcome, e.params.post_logout_redirect_uri])).toEqual([['signed-out', `${app.url}/api/console/`]]);
            expect(await page.locator('header .who').count()).toBe(0);
            const cached = await page.evaluate(() => { const s = (globalThis as any).sessionStorage; return Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`); });
            expect(cached.filter((kv) => kv.includes(bearers[0]))).toEqual([]);
            expect(bearers.length).toBe(apiCalls);
            await s.check(page, 'entra-signed-out');

            // and in again, by the button: a new code, a new token
            await signIn.click();
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor({ timeout: 20_000 });
            await page.getByRole('link', { name: 'Fabrikam', exact: true }).waitFor({ timeout: 10_000 });
            expect(fake.events.filter((e) => e.endpoint === 'authorize').map((e) => e.outcome)).toEqual(['code', 'code']);
            expect(new Set(bearers).size).toBe(2);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
