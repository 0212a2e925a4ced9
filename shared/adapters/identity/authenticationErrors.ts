// Why a request's caller could not be established. One stable `code` for the
// HTTP layer (401 `unauthenticated`), and a `reason` naming what was wrong, so
// a client developer can fix their token without reading our logs.

export type AuthenticationFailure =
    | 'missing-header'
    | 'malformed-header'
    | 'malformed-token'
    | 'bad-signature'
    | 'expired'
    | 'not-yet-valid'
    | 'wrong-issuer'
    | 'wrong-audience'
    | 'missing-roles'
    | 'missing-partner'
    | 'missing-upn'
    | 'invalid-claims';

export class AuthenticationError extends Error {
    readonly code = 'unauthenticated';
    readonly status = 401;

    constructor(
        readonly reason: AuthenticationFailure,
        /** A sentence for the caller: what was wrong with the token. */
        readonly detail: string,
    ) {
        super(`${reason}: ${detail}`);
        this.name = new.target.name;
    }
}
