// Who is calling a simulated Microsoft service: a valid token for that
// service naming a partner the world knows. The agent's roles are the ones
// Partner Center holds for that user, whatever the token claims.
import type { OutgoingHttp } from '../http/exchange';
import type { SimRequest } from '../http/router';
import type { BearerTokens } from '../identity/bearer';
import type { Refusal } from '../rules/refusal';
import { agentRoles } from '../rules/partnerAccounts';
import type { CloudState } from '../state/cloudState';
import type { AgentRole, Partner } from '../world';
import type { Dialect } from './dialect';

export interface Acting {
    partner: Partner;
    upn: string;
    roles: AgentRole[];
}

export interface ServiceContext {
    state: CloudState;
    tokens: BearerTokens;
}

export async function authenticate(ctx: ServiceContext, req: SimRequest, dialect: Dialect): Promise<Acting | OutgoingHttp> {
    const checked = await ctx.tokens.check(req.headers.authorization, dialect.audiences);
    if (!checked.ok) return dialect.unauthenticated(checked.reason);
    const partner = ctx.state.partner(checked.claims.partnerId);
    if (!partner) return dialect.unauthenticated(`Partner ${checked.claims.partnerId} has no account here.`);
    return { partner, upn: checked.claims.upn, roles: agentRoles(partner, checked.claims.upn) };
}

export function isAnswer(x: Acting | OutgoingHttp): x is OutgoingHttp {
    return 'status' in x && 'body' in x;
}

/** A rule's refusal in the service's words. */
export function refused(dialect: Dialect, r: Refusal): OutgoingHttp {
    return dialect.error(r.status, r.code, r.message);
}
