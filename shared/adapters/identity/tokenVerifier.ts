// Verifies the bearer token of an incoming request and says who is calling.
// The same code checks Entra ID tokens in Azure and the simulator's locally;
// only the issuer, audience and key set differ (see authConfig.ts).
import type { Caller } from '../../core/domain/partner';
import { callerFromClaims } from './callerClaims';
import { AuthenticationError, AuthenticationFailure } from './authenticationErrors';
import { jose, JSONWebKeySet, JWTPayload } from './jose';

/** Microsoft's placeholder in a multi-tenant issuer: `https://login.microsoftonline.com/{tenantid}/v2.0`. */
const TENANT_PLACEHOLDER = '{tenantid}';

export interface TokenVerifierOptions {
    /** The expected `iss`; may contain `{tenantid}` for a multi-tenant app, checked against the token's `tid`. */
    issuer: string;
    audience: string;
    /** The issuer's JWKS endpoint (fetched and cached; refetched for an unknown `kid`), or the key set itself. */
    jwks: URL | JSONWebKeySet;
    /** Allowed clock skew between issuer and us, for `exp` and `nbf`. */
    clockToleranceSec?: number;
    /** The claim that names the caller's partner (see callerClaims.ts). */
    partnerClaim?: string;
}

export interface TokenVerifier {
    /** The caller behind an `Authorization` header; rejects with AuthenticationError when it cannot be trusted. */
    verify(authorization: string | null | undefined): Promise<Caller>;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
    const { issuer, audience, clockToleranceSec = 60, partnerClaim = 'partnerId' } = options;
    const keys = options.jwks instanceof URL ? jose.createRemoteJWKSet(options.jwks) : jose.createLocalJWKSet(options.jwks);
    const perTenant = issuer.includes(TENANT_PLACEHOLDER);

    return {
        async verify(authorization) {
            const token = bearerToken(authorization);
            let claims: JWTPayload;
            try {
                ({ payload: claims } = await jose.jwtVerify(token, keys, {
                    // RS256 only: Entra ID signs with it, and a fixed list shuts out alg confusion (`none`, HS256 with the public key)
                    algorithms: ['RS256'],
                    issuer: perTenant ? undefined : issuer,
                    audience,
                    clockTolerance: clockToleranceSec,
                    requiredClaims: ['exp'],
                }));
            } catch (error) {
                throw authenticationFailure(error) ?? error;
            }
            if (perTenant) checkTenantIssuer(claims, issuer);
            return callerFromClaims(claims, partnerClaim);
        },
    };
}

function bearerToken(authorization: string | null | undefined): string {
    if (!authorization) throw new AuthenticationError('missing-header', 'Send an "Authorization: Bearer <token>" header.');
    const match = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i.exec(authorization);
    if (!match) throw new AuthenticationError('malformed-header', 'The Authorization header must be "Bearer <token>".');
    return match[1];
}

function checkTenantIssuer(claims: JWTPayload, template: string): void {
    const tid = claims.tid;
    if (typeof tid !== 'string' || !/^[0-9a-f-]{36}$/i.test(tid) || claims.iss !== template.replace(TENANT_PLACEHOLDER, tid)) {
        throw new AuthenticationError('wrong-issuer', `The token was issued by ${String(claims.iss)}, not by ${template} for its own tenant.`);
    }
}

/**
 * jose's rejections of the token itself become AuthenticationErrors. Anything
 * else (the key set could not be fetched, a timeout) is our fault, not the
 * caller's, and stays an ordinary error so it is not answered with a 401.
 * Matched by `code`: jose's errors come from another realm under jest (see jose.ts).
 */
function authenticationFailure(error: unknown): AuthenticationError | undefined {
    const { code, claim } = error as { code?: string; claim?: string };
    const reject = (reason: AuthenticationFailure, detail: string) => new AuthenticationError(reason, detail);
    switch (code) {
        case 'ERR_JWT_EXPIRED':
            return reject('expired', 'The token has expired; get a new one.');
        case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
            if (claim === 'iss') return reject('wrong-issuer', 'The token was issued by an issuer this app does not trust.');
            if (claim === 'aud') return reject('wrong-audience', 'The token was issued for another application; request one for this API.');
            if (claim === 'nbf') return reject('not-yet-valid', 'The token is not valid yet; check the clock of the machine that got it.');
            return reject('invalid-claims', `The token's "${claim}" claim is missing or invalid.`);
        case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
            return reject('bad-signature', 'The token signature does not verify with the issuer\'s keys.');
        case 'ERR_JWKS_NO_MATCHING_KEY':
            return reject('bad-signature', 'The token was signed with a key the issuer does not publish.');
        case 'ERR_JOSE_ALG_NOT_ALLOWED':
            return reject('bad-signature', 'The token is not signed with RS256.');
        case 'ERR_JWS_INVALID':
        case 'ERR_JWT_INVALID':
        case 'ERR_JOSE_NOT_SUPPORTED':
            return reject('malformed-token', 'The bearer token is not a well-formed signed JWT.');
        default:
            return undefined;
    }
}
