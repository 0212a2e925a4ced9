// Who is calling a simulated Microsoft API: the bearer token must be one the
// simulator issued for that API's audience, for a known partner. Partner
// Center's own roles for the agent (from the world) are what count, as in the
// real service, not whatever roles the token claims.
import { AuthenticationError, createTokenVerifier, TokenVerifier } from '../shared/identity';
import type { Caller, Partner } from '../shared/domain/partner';
import { OutgoingHttp } from '../local/http/respond';
import { SimulatorIdentity } from './identity';
import { problem, SimRequest } from './router';
import { SimulatorState } from './simulatorState';

export const AUDIENCES = {
    partnerCenter: 'https://api.partnercenter.microsoft.com',
    arm: 'https://management.azure.com/',
    graph: 'https://graph.microsoft.com',
} as const;

export interface Acting {
    partner: Partner;
    /** The caller with the roles Partner Center holds for the agent (none when the agent is unknown). */
    caller: Caller;
}

export class SimulatedAuth {
    private readonly verifiers = new Map<string, TokenVerifier>();

    constructor(private readonly identity: SimulatorIdentity, private readonly state: SimulatorState) {}

    /** The acting partner and agent, or the 401/403 to answer with. */
    async acting(req: SimRequest, audience: string): Promise<Acting | OutgoingHttp> {
        let token: Caller;
        try {
            token = await this.verifier(audience).verify(req.headers.authorization);
        } catch (err) {
            if (err instanceof AuthenticationError) return problem(401, 'unauthenticated', err.detail);
            throw err;
        }
        const partner = this.state.partner(token.partnerId);
        if (!partner) return problem(403, 'unknown-partner', `Partner ${token.partnerId} has no account here.`);
        const agent = partner.agents.find((a) => a.upn.toLowerCase() === token.upn.toLowerCase());
        return { partner, caller: { partnerId: partner.id, upn: token.upn, roles: agent?.roles ?? [] } };
    }

    private verifier(audience: string): TokenVerifier {
        let v = this.verifiers.get(audience);
        if (!v) this.verifiers.set(audience, (v = createTokenVerifier({ issuer: this.identity.issuer, audience, jwks: this.identity.jwks() })));
        return v;
    }
}

export function isResponse(x: Acting | OutgoingHttp): x is OutgoingHttp {
    return 'status' in x;
}
