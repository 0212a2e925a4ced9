// Who is calling: the bearer token, verified (issuer, audience, signature,
// expiry, roles) with the same code for Entra ID and the local simulator, by
// the verifier the app is handed (Dependencies.tokenVerifier, which remembers
// a token that verified lately).
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Caller } from '../../shared/core/domain/partner';
import { AuthenticationError } from '../../shared/adapters/identity/authenticationErrors';
import type { TokenVerifier } from '../../shared/adapters/identity/tokenVerifier';
import { problem } from './problem';

export async function authenticate(req: HttpRequest, verifier: TokenVerifier): Promise<Caller | HttpResponseInit> {
    try {
        return await verifier.verify(req.headers.get('authorization'));
    } catch (err) {
        if (err instanceof AuthenticationError) return problem(401, 'unauthenticated', err.detail, { remedy: 'Send a valid bearer token for this API (Authorization: Bearer <token>).', reason: err.reason });
        throw err;
    }
}

export function isResponse(x: Caller | HttpResponseInit): x is HttpResponseInit {
    return 'status' in x || 'body' in x;
}
