// Checking the bearer token a simulated Microsoft API receives: signed by the
// simulator's issuer, not expired, and issued for that API. What the token
// says about roles is ignored by the services: Partner Center holds its own.
import type { SimulatorIdentity } from './issuer';
import { jose, JWTPayload } from './jose';

export interface TokenClaims {
    partnerId: string;
    upn: string;
}

export type BearerCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

export class BearerTokens {
    private keys?: ReturnType<typeof jose.createLocalJWKSet>;

    constructor(private readonly identity: SimulatorIdentity) {}

    async check(authorization: string | undefined, audiences: readonly string[]): Promise<BearerCheck> {
        const token = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i.exec(authorization ?? '')?.[1];
        if (!token) return { ok: false, reason: 'Send an "Authorization: Bearer <token>" header.' };
        let claims: JWTPayload;
        try {
            ({ payload: claims } = await jose.jwtVerify(token, this.keySet(), {
                algorithms: ['RS256'], issuer: this.identity.issuer, audience: [...audiences], requiredClaims: ['exp'], clockTolerance: 60,
            }));
        } catch (err) {
            const { code, message } = err as { code?: string; message?: string };
            return { ok: false, reason: `The access token was refused (${code ?? 'invalid'}): ${message ?? 'unreadable token'}.` };
        }
        const upn = typeof claims.upn === 'string' ? claims.upn : claims.preferred_username;
        if (typeof claims.partnerId !== 'string' || typeof upn !== 'string') return { ok: false, reason: 'The access token names no partner or no user.' };
        return { ok: true, claims: { partnerId: claims.partnerId, upn } };
    }

    private keySet() {
        // the key pair never changes while the simulator runs
        return (this.keys ??= jose.createLocalJWKSet(this.identity.jwks()));
    }
}
