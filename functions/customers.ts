// GET /api/customers[?limit=1..100][&continuationToken=]: the caller's
// partner's customers with their overage at a glance, from the read model
// (no call to Partner Center): setting, who pays now, whether post-paid
// overage is active, and when each was read (`asOf`). Only customers the sync,
// a refresh or a run put in the read model appear.
//
// Paging: the state store port has no continuation or "greater than", so the
// partner's documents (small numbers per partner) are read ordered by
// customerTenantId and paged in memory; the token is the last id returned.
import { app, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { authorise } from '../shared/features/access/authorise';
import type { Dependencies } from '../shared/adapters/dependencies';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import { docsOfPartner } from '../shared/features/readModel/readModel';
import { authenticate, isResponse } from './http/caller';
import { asProblem } from './http/guard';
import { invalidRequest, refusal } from './http/problem';
import type { CustomerList } from '../shared/features/api/apiSchemas';

const Query = z.object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    continuationToken: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional(),
});

const encode = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decode = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

export async function listCustomers(deps: Pick<Dependencies, 'tokenVerifier' | 'microsoft' | 'stateStore'>, req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> {
    try {
        const signedIn = await authenticate(req, deps.tokenVerifier);
        if (isResponse(signedIn)) return signedIn;
        const read = await authorise(deps.microsoft(signedIn, 'request').partnerCenter, signedIn, { access: 'read' });
        if (!read.allowed) return refusal(read.refusal);
        const caller = read.caller;
        const query = Query.safeParse(Object.fromEntries(req.query.entries()));
        if (!query.success) return invalidRequest(query.error, 'query');
        const { limit, continuationToken } = query.data;
        const after = continuationToken === undefined ? undefined : decode(continuationToken);
        const docs = await docsOfPartner(deps.stateStore, caller.partnerId, PHONE_SERVICES);
        const rest = after === undefined ? docs : docs.filter((d) => d.customerTenantId > after);
        const page = rest.slice(0, limit);
        return {
            headers: { 'cache-control': 'no-store' },
            jsonBody: {
                items: page.map((d) => ({
                    customerTenantId: d.customerTenantId, name: d.name, overage: d.overage, payerNow: d.payerNow, postpaidActive: d.postpaidActive, asOf: d.asOf,
                })),
                continuationToken: rest.length > limit ? encode(page[page.length - 1].customerTenantId) : null,
            } satisfies CustomerList,
        };
    } catch (err) {
        return asProblem(err, ctx);
    }
}

export function registerCustomers(deps: Dependencies): void {
    app.http('customers', { route: 'customers', methods: ['GET'], authLevel: 'anonymous', handler: (req, ctx) => listCustomers(deps, req, ctx) });
}
