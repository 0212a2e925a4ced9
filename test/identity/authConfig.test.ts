// Which issuer the app trusts, from the environment.
import { loadAuthConfig, simulatorAuth } from '../../shared/adapters/identity/identity';

test('under the local host with no AUTH_* set, the simulator is the issuer', () => {
    expect(loadAuthConfig({ LOCAL_HOST_URL: 'http://127.0.0.1:7071/' })).toEqual({
        issuer: 'http://127.0.0.1:7071/simulator',
        audience: 'api://telco-overage-orchestrator',
        jwks: new URL('http://127.0.0.1:7071/simulator/.well-known/jwks.json'),
        partnerClaim: 'partnerId',
    });
    expect(simulatorAuth('http://127.0.0.1:7071').jwksUrl).toBe('http://127.0.0.1:7071/simulator/.well-known/jwks.json');
});

test('Entra ID settings win over the local host', () => {
    const config = loadAuthConfig({
        AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        AUTH_AUDIENCE: 'api://overage',
        AUTH_JWKS_URL: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        AUTH_PARTNER_CLAIM: 'tid',
        LOCAL_HOST_URL: 'http://127.0.0.1:7071',
    });
    expect(config).toMatchObject({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', audience: 'api://overage', partnerClaim: 'tid' });
    expect(String(config.jwks)).toBe('https://login.microsoftonline.com/common/discovery/v2.0/keys');
});

test('half an Entra setup, or no setup outside the local host, is refused', () => {
    expect(() => loadAuthConfig({ AUTH_ISSUER: 'https://login.example', LOCAL_HOST_URL: 'http://127.0.0.1:7071' })).toThrow(/together/);
    expect(() => loadAuthConfig({})).toThrow(/AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL/);
});
