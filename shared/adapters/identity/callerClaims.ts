// From a verified token's claims to the Caller the domain reasons about.
//
// Where the claims come from in Entra ID:
//   - partner: Entra has no Partner Center id claim. Either map one in as an
//     optional claim / directory extension attribute on the app registration
//     (then set `partnerClaim` to its name, e.g. `extn.partnerId`), or use the
//     tenant itself (`partnerClaim: 'tid'`) when partners are known by tenant id.
//     The simulator writes `partnerId`, the default.
//   - upn: `upn` (v1 tokens, work accounts), else `preferred_username` (v2).
//   - roles: the app roles assigned to the user, named like Partner Center's
//     agent roles (`AdminAgent`, `SalesAgent`, …).
import { AgentRole, Caller } from '../../core/domain/partner';
import { AuthenticationError } from './authenticationErrors';
import type { JWTPayload } from './jose';

export function callerFromClaims(claims: JWTPayload, partnerClaim: string): Caller {
    const partnerId = claims[partnerClaim];
    if (typeof partnerId !== 'string' || partnerId === '') {
        throw new AuthenticationError('missing-partner', `The token has no "${partnerClaim}" claim naming the caller's partner.`);
    }
    const upn = typeof claims.upn === 'string' ? claims.upn : claims.preferred_username;
    if (typeof upn !== 'string' || upn === '') {
        throw new AuthenticationError('missing-upn', 'The token has neither a "upn" nor a "preferred_username" claim.');
    }
    const roles = claims.roles;
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
        throw new AuthenticationError('missing-roles', 'The token has no "roles" claim (a list of app roles); assign the user an app role.');
    }
    // Roles this app does not define are someone else's business, not a bad token. A caller
    // left with none is still authenticated: the authorization rules refuse with advice.
    const known = roles.filter((r): r is AgentRole => AgentRole.safeParse(r).success);
    const parsed = Caller.safeParse({ partnerId, upn, roles: known });
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new AuthenticationError('invalid-claims', `The token's claims are not a valid caller: ${problems}.`);
    }
    return parsed.data;
}
