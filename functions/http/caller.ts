// Who is calling: the bearer token, verified (issuer, audience, signature,
// expiry, roles) with the same code for Entra ID and the local simulator.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Caller } from '../../shared/core/domain/partner';
import { AuthenticationError, createTokenVerifier, loadAuthConfig, TokenVerifier } from '../../shared/adapters/identity/identity';
import { rememberCaller, rememberedCaller } from '../../shared/adapters/identity/verifiedTokens';
import { problem } from './problem';

let verifier: TokenVerifier | undefined;

export async function authenticate(req: HttpRequest): Promise<Caller | HttpResponseInit> {
    const authorization = req.headers.get('authorization');
    const remembered = rememberedCaller(authorization);
    if (remembered) return remembered;
    verifier ??= createTokenVerifier(loadAuthConfig(process.env));
    try {
        const caller = await verifier.verify(authorization);
        rememberCaller(authorization, caller);
        return caller;
    } catch (err) {
        if (err instanceof AuthenticationError) return problem(401, 'unauthenticated', err.detail, { remedy: 'Send a valid bearer token for this API (Authorization: Bearer <token>).', reason: err.reason });
        throw err;
    }
}

export function isResponse(x: Caller | HttpResponseInit): x is HttpResponseInit {
    return 'status' in x || 'body' in x;
}
