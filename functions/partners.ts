// GET /api/partners: the partners this deployment serves, by name, for the
// handover form's picker. The caller's own partner first (`self: true`); each
// one is only its id and the company name of its legal business profile at
// Partner Center, nothing of any partner's private data (contacts, agents).
// Names are kept per process (features/partners/partnerNames.ts).
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { authorise } from '../shared/features/access/authorise';
import { partnerNames, servedPartnerIds } from '../shared/features/partners/partnerNames';
import { authenticate, isResponse } from './http/caller';
import { asProblem } from './http/guard';
import { refusal } from './http/problem';

export async function listPartners(deps: Dependencies, req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> {
    try {
        const signedIn = await authenticate(req, deps.tokenVerifier);
        if (isResponse(signedIn)) return signedIn;
        const read = await authorise(deps.microsoft(signedIn, 'request').partnerCenter, signedIn, { access: 'read' });
        if (!read.allowed) return refusal(read.refusal);
        const { caller } = read;
        const ids = servedPartnerIds(deps, caller);
        const names = await partnerNames(deps, caller, ids);
        return {
            headers: { 'cache-control': 'private, max-age=300' },
            jsonBody: { items: ids.map((partnerId) => ({ partnerId, name: names.get(partnerId) ?? null, self: partnerId === caller.partnerId })) },
        };
    } catch (err) {
        return asProblem(err, ctx);
    }
}

export function registerPartners(deps: Dependencies): void {
    app.http('partners', { route: 'partners', methods: ['GET'], authLevel: 'anonymous', handler: (req, ctx) => listPartners(deps, req, ctx) });
}
