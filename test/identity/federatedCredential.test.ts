// The Partner Center app registration signed in without a secret: the managed
// identity's token for Entra's token exchange is the client assertion.
// @azure/identity's real ClientAssertionCredential talks to a small stand-in of
// Entra's v2.0 endpoints over TLS (a throwaway certificate, trusted only by
// the credentials made here), which records what it was sent.
import type { AccessToken, ClientAssertionCredentialOptions, TokenCredential } from '@azure/identity';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { federatedCredential } from '../../shared/adapters/identity/tokenProviders';
import { selfSignedCertificate } from '../helpers/fakeEntra';

const PARTNER_TENANT = '11111111-1111-4111-8111-111111111111';
const CUSTOMER_TENANT = '22222222-2222-4222-8222-222222222222';
const APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

interface TokenRequest { tenant: string; form: Record<string, string> }
const requests: TokenRequest[] = [];
let server: https.Server;
let authorityHost = '';
let trusting: https.Agent;

/** The identity: it issues a token for the exchange audience and nothing else. */
const identity: TokenCredential & { asked: string[] } = {
    asked: [],
    async getToken(scopes): Promise<AccessToken> {
        const scope = [scopes].flat().join(' ');
        identity.asked.push(scope);
        if (scope !== 'api://AzureADTokenExchange/.default') throw new Error(`the identity was asked for ${scope}`);
        return { token: 'mi-assertion-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
};

beforeAll(async () => {
    const { key, cert } = selfSignedCertificate();
    trusting = new https.Agent({ ca: cert });
    server = https.createServer({ key, cert }, async (req, res) => {
        const url = new URL(req.url!, 'https://localhost');
        const [, tenant] = url.pathname.split('/');
        const base = `${authorityHost}/${tenant}`;
        const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
            return json(200, {
                issuer: `${base}/v2.0`, token_endpoint: `${base}/oauth2/v2.0/token`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
                jwks_uri: `${base}/discovery/v2.0/keys`, end_session_endpoint: `${base}/oauth2/v2.0/logout`, response_types_supported: ['code'],
            });
        }
        if (url.pathname.endsWith('/oauth2/v2.0/token') && req.method === 'POST') {
            const chunks: Buffer[] = [];
            for await (const c of req) chunks.push(c as Buffer);
            const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
            requests.push({ tenant, form });
            if (form.client_assertion !== 'mi-assertion-token') return json(401, { error: 'invalid_client', error_description: 'AADSTS700024: assertion not accepted' });
            return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: `app-token:${tenant}:${form.scope}` });
        }
        json(404, { error: 'not_found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    authorityHost = `https://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
    trusting.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Where Entra is, and a pipeline policy that lets the SDK's requests trust the stand-in's certificate. */
const options = (): ClientAssertionCredentialOptions => ({
    authorityHost, disableInstanceDiscovery: true,
    additionalPolicies: [{ position: 'perCall', policy: { name: 'trust-stand-in', sendRequest: (request, next) => { request.agent = trusting; return next(request); } } }],
});

it('gets the app registration\'s token with the identity\'s token as its client assertion, no secret', async () => {
    const credential = federatedCredential({ tenantId: PARTNER_TENANT, clientId: APP, identity }, undefined, options());
    const token = await credential.getToken('https://api.partnercenter.microsoft.com/.default');
    expect(token?.token).toBe(`app-token:${PARTNER_TENANT}:https://api.partnercenter.microsoft.com/.default`);
    const sent = requests.at(-1)!;
    expect(sent.tenant).toBe(PARTNER_TENANT);
    expect(sent.form).toMatchObject({
        grant_type: 'client_credentials', client_id: APP,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'mi-assertion-token',
    });
    expect(sent.form).not.toHaveProperty('client_secret');
    expect(identity.asked).toContain('api://AzureADTokenExchange/.default');
});

it('asks a customer\'s tenant for GDAP calls into that customer', async () => {
    const credential = federatedCredential({ tenantId: PARTNER_TENANT, clientId: APP, identity }, ['*'], options());
    const token = await credential.getToken('https://graph.microsoft.com/.default', { tenantId: CUSTOMER_TENANT });
    expect(token?.token).toBe(`app-token:${CUSTOMER_TENANT}:https://graph.microsoft.com/.default`);
    expect(requests.at(-1)!.tenant).toBe(CUSTOMER_TENANT);
});

it('an assertion Entra refuses is an error, not a token', async () => {
    const stranger: TokenCredential = { getToken: async () => ({ token: 'someone-else', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const credential = federatedCredential({ tenantId: PARTNER_TENANT, clientId: APP, identity: stranger }, undefined, options());
    await expect(credential.getToken('https://api.partnercenter.microsoft.com/.default')).rejects.toThrow(/AADSTS700024|invalid_client/);
});
