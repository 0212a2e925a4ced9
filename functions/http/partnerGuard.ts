// The check of endpoints that are about a partner or the whole deployment
// rather than one customer: an operator (the host's system key), or a
// verified agent with the right role (Partner Center's roles, as the
// customer endpoints check them).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import type { Caller } from '../../shared/domain/partner';
import { canReadOverage } from '../../shared/domain/rules/roles';
import { microsoftClients } from '../../shared/microsoftClients';
import { managePermission } from '../../shared/overage/managePermission';
import { authenticate, isResponse } from './caller';
import { asProblem, type Access } from './guard';
import { isOperator } from './operator';
import { refusal } from './problem';

export type Who = { operator: true } | { operator: false; caller: Caller };

export function partnerGuarded(access: Access, fn: (who: Who, req: HttpRequest, client: DurableClient, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, client: DurableClient, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            if (isOperator(req, client)) return await fn({ operator: true }, req, client, ctx);
            const caller = await authenticate(req);
            if (isResponse(caller)) return caller;
            const read = canReadOverage(caller);
            if (!read.allowed) return refusal(read);
            if (access === 'manage') {
                const { permission } = await managePermission(microsoftClients(caller, 'request').partnerCenter, caller);
                if (!permission.allowed) return refusal(permission);
            }
            return await fn({ operator: false, caller }, req, client, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}
