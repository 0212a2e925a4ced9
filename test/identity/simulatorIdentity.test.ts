// The simulator's issuer: its tokens pass the production verifier, its key
// survives a restart, and another simulator's tokens do not pass.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_AUDIENCE, createTokenVerifier } from '../../shared/adapters/identity/identity';
import { jose } from '../../shared/adapters/identity/jose';
import { SimulatorIdentity } from '../../simulator/identity/issuer';
import { openStore, SimulatorStore } from '../../simulator/store/store';

const ISSUER = 'http://127.0.0.1:7071/simulator';
const ADA = { partnerId: 'partner-1', upn: 'ada@contoso.example', roles: ['AdminAgent'] };

let dir: string;
const open: SimulatorStore[] = [];
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-identity-'));
});
afterEach(async () => {
    await Promise.all(open.splice(0).map((kv) => kv.close()));
    fs.rmSync(dir, { recursive: true, force: true });
});

async function simulator(kvDir: string | undefined): Promise<SimulatorIdentity> {
    const kv = openStore(kvDir);
    open.push(kv);
    const identity = new SimulatorIdentity(kv, { issuer: ISSUER });
    await identity.init();
    return identity;
}
const verifierFor = (identity: SimulatorIdentity) => createTokenVerifier({ issuer: ISSUER, audience: API_AUDIENCE, jwks: identity.jwks() });

test('a minted token passes the verifier with the simulator\'s key set and carries the standard claims', async () => {
    const identity = await simulator(undefined);
    const token = await identity.mint(ADA);
    await expect(verifierFor(identity).verify(`Bearer ${token}`)).resolves.toEqual(ADA);

    const [key] = identity.jwks().keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(key).not.toHaveProperty('d');
    expect(jose.decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: key.kid });
    const claims = jose.decodeJwt(token);
    expect(claims).toMatchObject({ iss: ISSUER, aud: API_AUDIENCE, sub: ADA.upn, upn: ADA.upn, partnerId: 'partner-1', roles: ['AdminAgent'] });
    expect(claims.exp! - claims.iat!).toBe(3600);
});

test('ttl and audience are the caller\'s to choose', async () => {
    const identity = await simulator(undefined);
    const verifier = verifierFor(identity);
    await expect(verifier.verify(`Bearer ${await identity.mint(ADA, { ttlSeconds: -120 })}`)).rejects.toMatchObject({ reason: 'expired' });
    await expect(verifier.verify(`Bearer ${await identity.mint(ADA, { audience: 'api://other' })}`)).rejects.toMatchObject({ reason: 'wrong-audience' });
});

test('tokens of another simulator (another KV) do not pass', async () => {
    const ours = await simulator(undefined);
    const theirs = await simulator(undefined);
    await expect(verifierFor(ours).verify(`Bearer ${await theirs.mint(ADA)}`)).rejects.toMatchObject({ code: 'unauthenticated', reason: 'bad-signature' });
});

test('the key pair survives a restart over the same KV, so earlier tokens still verify', async () => {
    const before = await simulator(dir);
    const token = await before.mint(ADA);
    const jwks = before.jwks();
    await Promise.all(open.splice(0).map((kv) => kv.close()));

    const after = await simulator(dir);
    expect(after.jwks()).toEqual(jwks);
    await expect(verifierFor(after).verify(`Bearer ${token}`)).resolves.toEqual(ADA);
});

test('minting before init() is a programming error', async () => {
    const identity = new SimulatorIdentity(openStore(undefined), { issuer: ISSUER });
    await expect(identity.mint(ADA)).rejects.toThrow('before init()');
});
