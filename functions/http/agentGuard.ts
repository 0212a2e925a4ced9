// What every partner-wide endpoint (not about one customer) checks before
// anything else, the body included: a verified caller, then the one
// authorisation without a customer (roles as Partner Center holds them, a
// partner that transacts for 'manage'). Operators have no partner, so these
// endpoints are for agents only.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { type Access, authorise } from '../../shared/features/access/authorise';
import type { Caller } from '../../shared/core/domain/partner';
import type { Dependencies } from '../../shared/adapters/dependencies';
import { authenticate, isResponse } from './caller';
import { asProblem } from './guard';
import { refusal } from './problem';

export function agentGuarded(deps: Pick<Dependencies, 'tokenVerifier' | 'microsoft'>, access: Access, fn: (caller: Caller, req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            const signedIn = await authenticate(req, deps.tokenVerifier);
            if (isResponse(signedIn)) return signedIn;
            const allowed = await authorise(deps.microsoft(signedIn, 'request').partnerCenter, signedIn, { access });
            if (!allowed.allowed) return refusal(allowed.refusal);
            return await fn(allowed.caller, req, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}
