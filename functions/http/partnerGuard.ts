// The check of endpoints that are about a partner or the whole deployment
// rather than one customer: an operator (the host's system key), or a
// verified agent passing the one authorisation (roles as Partner Center
// holds them).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { authorise } from '../../shared/features/access/authorise';
import type { Caller } from '../../shared/core/domain/partner';
import type { Dependencies } from '../../shared/adapters/dependencies';
import { authenticate, isResponse } from './caller';
import { asProblem, type Access } from './guard';
import { isOperator } from './operator';
import { refusal } from './problem';

export type Who = { operator: true } | { operator: false; caller: Caller };

export function partnerGuarded(deps: Pick<Dependencies, 'tokenVerifier' | 'microsoft'>, access: Access, fn: (who: Who, req: HttpRequest, client: DurableClient, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, client: DurableClient, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            if (isOperator(req, client)) return await fn({ operator: true }, req, client, ctx);
            const caller = await authenticate(req, deps.tokenVerifier);
            if (isResponse(caller)) return caller;
            const allowed = await authorise(deps.microsoft(caller, 'request').partnerCenter, caller, { access });
            if (!allowed.allowed) return refusal(allowed.refusal);
            return await fn({ operator: false, caller: allowed.caller }, req, client, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}
