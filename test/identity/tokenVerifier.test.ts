// The token verifier with keys and tokens made here: what it accepts, and the
// reason it gives for each token it refuses.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { AuthenticationError, createTokenVerifier, TokenVerifierOptions } from '../../shared/adapters/identity/identity';
import { jose, JSONWebKeySet, JWTPayload } from '../../shared/adapters/identity/jose';

const ISSUER = 'https://login.example/tenant/v2.0';
const AUDIENCE = 'api://telco-overage-orchestrator';
const CLAIMS = { partnerId: 'partner-1', upn: 'ada@contoso.example', roles: ['AdminAgent'] };

type Key = Awaited<ReturnType<typeof jose.generateKeyPair>>['privateKey'];
let trusted: Key;
let stranger: Key;
let jwks: JSONWebKeySet;

beforeAll(async () => {
    const pair = await jose.generateKeyPair('RS256', { extractable: true });
    trusted = pair.privateKey;
    stranger = (await jose.generateKeyPair('RS256')).privateKey;
    jwks = { keys: [{ ...(await jose.exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
});

interface TokenSpec {
    claims?: JWTPayload;
    key?: Key;
    kid?: string;
    iss?: string;
    aud?: string;
    /** Seconds from now; negative is in the past. */
    expiresIn?: number;
}
async function token({ claims = CLAIMS, key = trusted, kid = 'k1', iss = ISSUER, aud = AUDIENCE, expiresIn = 600 }: TokenSpec = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(iss).setAudience(aud).setIssuedAt(now - 5).setExpirationTime(now + expiresIn).sign(key);
}

const verifier = (extra: Partial<TokenVerifierOptions> = {}) => createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks, ...extra });

async function refused(authorization: string | null, reason: string, extra: Partial<TokenVerifierOptions> = {}): Promise<void> {
    const error = await verifier(extra).verify(authorization).then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401, reason });
}

test('a valid token gives its Caller; roles the app does not define are dropped', async () => {
    const caller = await verifier().verify(`Bearer ${await token({ claims: { ...CLAIMS, roles: ['SalesAgent', 'Reader', 'AdminAgent'] } })}`);
    expect(caller).toEqual({ partnerId: 'partner-1', upn: 'ada@contoso.example', roles: ['SalesAgent', 'AdminAgent'] });
});

test('upn falls back to preferred_username; the scheme is case-insensitive', async () => {
    const claims = { partnerId: 'partner-1', preferred_username: 'bob@contoso.example', roles: [] };
    await expect(verifier().verify(`bearer ${await token({ claims })}`)).resolves.toEqual({ partnerId: 'partner-1', upn: 'bob@contoso.example', roles: [] });
});

test('the partner comes from the configured claim', async () => {
    const tid = '6f1e8c0a-3b7d-4e1a-9c2f-0a1b2c3d4e5f';
    const claims = { tid, upn: 'ada@contoso.example', roles: ['AdminAgent'] };
    await expect(verifier({ partnerClaim: 'tid' }).verify(`Bearer ${await token({ claims })}`)).resolves.toMatchObject({ partnerId: tid });
    await refused(`Bearer ${await token({ claims })}`, 'missing-partner');
});

test('a token signed by another key is refused, with the same kid or an unknown one', async () => {
    await refused(`Bearer ${await token({ key: stranger })}`, 'bad-signature');
    await refused(`Bearer ${await token({ key: stranger, kid: 'other' })}`, 'bad-signature');
});

test('a token signed with HS256 is refused: RS256 only', async () => {
    const hs = await new jose.SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').sign(new TextEncoder().encode('a'.repeat(32)));
    await refused(`Bearer ${hs}`, 'bad-signature');
});

test('an expired token is refused beyond the clock tolerance, accepted within it', async () => {
    await refused(`Bearer ${await token({ expiresIn: -120 })}`, 'expired');
    await expect(verifier().verify(`Bearer ${await token({ expiresIn: -30 })}`)).resolves.toMatchObject({ upn: 'ada@contoso.example' });
    await refused(`Bearer ${await token({ expiresIn: -30 })}`, 'expired', { clockToleranceSec: 0 });
});

test('a token for another audience or from another issuer is refused', async () => {
    await refused(`Bearer ${await token({ aud: 'api://someone-else' })}`, 'wrong-audience');
    await refused(`Bearer ${await token({ iss: 'https://evil.example' })}`, 'wrong-issuer');
});

test('a multi-tenant issuer must name the token\'s own tenant', async () => {
    const tid = '6f1e8c0a-3b7d-4e1a-9c2f-0a1b2c3d4e5f';
    const template = 'https://login.microsoftonline.com/{tenantid}/v2.0';
    const claims = { ...CLAIMS, tid };
    const own = await token({ claims, iss: `https://login.microsoftonline.com/${tid}/v2.0` });
    await expect(verifier({ issuer: template }).verify(`Bearer ${own}`)).resolves.toMatchObject({ partnerId: 'partner-1' });
    const other = await token({ claims, iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' });
    await refused(`Bearer ${other}`, 'wrong-issuer', { issuer: template });
});

test('missing or ill-typed claims are refused with what is missing', async () => {
    const { roles: _roles, ...noRoles } = CLAIMS;
    await refused(`Bearer ${await token({ claims: noRoles })}`, 'missing-roles');
    await refused(`Bearer ${await token({ claims: { ...CLAIMS, roles: 'AdminAgent' } })}`, 'missing-roles');
    const { upn: _upn, ...noUpn } = CLAIMS;
    await refused(`Bearer ${await token({ claims: noUpn })}`, 'missing-upn');
    await refused(`Bearer ${await token({ claims: { ...CLAIMS, upn: 'not a mail address' } })}`, 'invalid-claims');
});

test('a missing or ill-formed header, or a token that is no JWT, is refused', async () => {
    await refused(null, 'missing-header');
    await refused('', 'missing-header');
    await refused(`Basic ${Buffer.from('a:b').toString('base64')}`, 'malformed-header');
    await refused('Bearer', 'malformed-header');
    await refused('Bearer not.a.jwt', 'malformed-token');
});

describe('a remote key set', () => {
    let server: http.Server;
    let url: URL;
    let served = 0;
    beforeAll(async () => {
        server = http.createServer((_req, res) => {
            served++;
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
    });
    afterAll(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    test('is fetched once and cached', async () => {
        const remote = verifier({ jwks: url });
        await expect(remote.verify(`Bearer ${await token()}`)).resolves.toMatchObject({ partnerId: 'partner-1' });
        await expect(remote.verify(`Bearer ${await token()}`)).resolves.toMatchObject({ partnerId: 'partner-1' });
        expect(served).toBe(1);
    });

    test('that cannot be fetched is our fault, not the caller\'s: no AuthenticationError', async () => {
        const unreachable = verifier({ jwks: new URL('http://127.0.0.1:9/jwks.json') });
        const error = await unreachable.verify(`Bearer ${await token()}`).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeDefined();
        expect(error).not.toBeInstanceOf(AuthenticationError);
    });
});
