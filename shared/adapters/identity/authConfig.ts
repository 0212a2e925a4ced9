// Which tokens the app trusts, from the environment: Entra ID in Azure, the
// local simulator under the embedded host (which sets LOCAL_HOST_URL).
import { z } from 'zod';
import type { TokenVerifierOptions } from './tokenVerifier';

/** The audience the app's tokens are for, here and in the simulator. */
export const API_AUDIENCE = 'api://telco-overage-orchestrator';

/** Where the simulator's issuer lives under a local host, shared with the simulator so both sides agree. */
export function simulatorAuth(localHostUrl: string): { issuer: string; audience: string; jwksUrl: string } {
    const issuer = `${localHostUrl.replace(/\/+$/, '')}/simulator`;
    return { issuer, audience: API_AUDIENCE, jwksUrl: `${issuer}/.well-known/jwks.json` };
}

export const authEnv = z
    .object({
        AUTH_ISSUER: z.string().min(1).optional(),
        AUTH_AUDIENCE: z.string().min(1).optional(),
        AUTH_JWKS_URL: z.url().optional(),
        AUTH_PARTNER_CLAIM: z.string().min(1).default('partnerId'),
        LOCAL_HOST_URL: z.url().optional(),
    })
    // all three or none: half an Entra setup completed with simulator defaults would trust the simulator's key
    .refine((e) => (e.AUTH_ISSUER && e.AUTH_AUDIENCE && e.AUTH_JWKS_URL) || (!e.AUTH_ISSUER && !e.AUTH_AUDIENCE && !e.AUTH_JWKS_URL && e.LOCAL_HOST_URL), {
        message: 'Set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL together (Entra ID), or none of them under the local host (LOCAL_HOST_URL)',
    });

export function loadAuthConfig(env: Record<string, string | undefined>): TokenVerifierOptions {
    const e = authEnv.parse(env);
    if (e.AUTH_ISSUER) return { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE!, jwks: new URL(e.AUTH_JWKS_URL!), partnerClaim: e.AUTH_PARTNER_CLAIM };
    const local = simulatorAuth(e.LOCAL_HOST_URL!);
    return { issuer: local.issuer, audience: local.audience, jwks: new URL(local.jwksUrl), partnerClaim: e.AUTH_PARTNER_CLAIM };
}
