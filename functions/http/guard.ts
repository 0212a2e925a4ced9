// What every overage endpoint checks before doing anything: a verified caller,
// the right role, a partner that transacts (resellers are told who acts for
// them), and a customer of that partner. Faults of Microsoft's APIs become 502s
// with the upstream named; nothing here throws a bare 500.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { Caller } from '../../shared/domain/partner';
import { canManageOverage, canReadOverage } from '../../shared/domain/rules/roles';
import { UpstreamError, UpstreamTimeoutError } from '../../shared/http';
import { microsoftClients } from '../../shared/microsoftClients';
import { refusalOf } from '../../shared/partnerCenter/refusals';
import { authenticate, isResponse } from './caller';
import { problem, refusal } from './problem';

export type Access = 'read' | 'manage';

export interface Guarded {
    caller: Caller;
    customerTenantId: string;
}

const TenantId = z.guid();

/** Runs `fn` for an authenticated, authorised caller of a customer's overage. */
export function guarded(access: Access, fn: (g: Guarded, req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            const caller = await authenticate(req);
            if (isResponse(caller)) return caller;
            const tenant = TenantId.safeParse(req.params.customerTenantId);
            if (!tenant.success) return problem(400, 'invalid-request', `"${req.params.customerTenantId}" is not a customer tenant id (a GUID).`, { remedy: 'Use the customer\'s Microsoft Entra tenant id.' });
            const denied = await authorise(caller, tenant.data, access);
            if (denied) return denied;
            return await fn({ caller, customerTenantId: tenant.data }, req, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}

async function authorise(caller: Caller, customerTenantId: string, access: Access): Promise<HttpResponseInit | undefined> {
    const read = canReadOverage(caller);
    if (!read.allowed) return refusal(read);
    const pc = microsoftClients(caller).partnerCenter;
    if (access === 'manage') {
        const profile = await pc.partnerProfile();
        const partner = { id: profile.partnerId, name: profile.companyName, kind: profile.partnerType, providerId: profile.indirectProviderId };
        const manage = canManageOverage(caller, partner);
        if (!manage.allowed) return refusal(manage);
    }
    try {
        await pc.customer(customerTenantId);
    } catch (err) {
        const refused = refusalOf(err);
        if (refused) return refusal(refused);
        throw err;
    }
    return undefined;
}

/** Faults as problem details: which upstream failed, and that a retry may help. */
export function asProblem(err: unknown, ctx: InvocationContext): HttpResponseInit {
    if (err instanceof UpstreamError) {
        ctx.error(err.message);
        return problem(err instanceof UpstreamTimeoutError ? 504 : 502, err.code, `${err.upstream} did not answer as expected: ${err.message}`, { remedy: 'Try again shortly; if it persists, check the status of the Microsoft service named.' });
    }
    ctx.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return problem(500, 'internal-error', 'The request failed on our side.', { remedy: 'Try again; if it keeps failing, contact support with the time of the request.' });
}
