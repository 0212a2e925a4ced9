// What every overage endpoint checks before doing anything, the body
// included: a verified caller, the right role, a partner that transacts
// (resellers are told who acts for them), and a customer of that partner.
// Calls to Microsoft made here and by the handler keep to the synchronous
// budget; their faults become 502/503/504 problems naming the service, never
// its URL, with Retry-After when Microsoft gave one.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { Caller } from '../../shared/domain/partner';
import { canReadOverage } from '../../shared/domain/rules/roles';
import { microsoftClients, MicrosoftClients } from '../../shared/microsoftClients';
import { managePermission } from '../../shared/overage/managePermission';
import { refusalOf } from '../../shared/partnerCenter/refusals';
import type { PcPartnerProfile } from '../../shared/partnerCenter/schemas';
import { faultOf } from '../../shared/workflow/fault';
import { authenticate, isResponse } from './caller';
import { problem, refusal } from './problem';

export type Access = 'read' | 'manage';

export interface Guarded {
    caller: Caller;
    customerTenantId: string;
    /** Microsoft's APIs for this caller, within the synchronous budget. */
    ms: MicrosoftClients;
    /** The caller's partner account, read by a 'manage' check (so a handler need not read it again). */
    profile?: PcPartnerProfile;
}

const TenantId = z.guid();

/** Runs `fn` for an authenticated, authorised caller of a customer's overage. */
export function guarded(access: Access, fn: (g: Guarded, req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            const caller = await authenticate(req);
            if (isResponse(caller)) return caller;
            const tenant = TenantId.safeParse(req.params.customerTenantId);
            if (!tenant.success) return problem(400, 'invalid-request', 'The customer tenant id in the path is not a GUID.', { remedy: 'Use the customer\'s Microsoft Entra tenant id.' });
            const ms = microsoftClients(caller, 'request');
            const allowed = await authorise(ms, caller, tenant.data, access);
            if ('refused' in allowed) return allowed.refused;
            return await fn({ caller, customerTenantId: tenant.data, ms, profile: allowed.profile }, req, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}

/** A refusal, or what was learnt on the way (the partner's profile, for 'manage'). */
async function authorise(ms: MicrosoftClients, caller: Caller, customerTenantId: string, access: Access): Promise<{ refused: HttpResponseInit } | { profile?: PcPartnerProfile }> {
    const read = canReadOverage(caller);
    if (!read.allowed) return { refused: refusal(read) };
    let profile: PcPartnerProfile | undefined;
    if (access === 'manage') {
        const decision = await managePermission(ms.partnerCenter, caller);
        if (!decision.permission.allowed) return { refused: refusal(decision.permission) };
        profile = decision.profile;
    }
    try {
        await ms.partnerCenter.customer(customerTenantId);
    } catch (err) {
        const refused = refusalOf(err);
        if (refused) return { refused: refusal(refused) };
        throw err;
    }
    return { profile };
}

const FAULT_STATUS: Record<string, number> = {
    'upstream-timeout': 504, 'upstream-throttled': 503, 'upstream-unavailable': 503, 'upstream-unreachable': 503,
    'upstream-contract': 502, 'upstream-refused': 502, 'internal-error': 500,
};

/** Faults as problem details: which Microsoft service failed and when to come back; the full error goes to the log only. */
export function asProblem(err: unknown, ctx: InvocationContext): HttpResponseInit {
    ctx.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const { code, detail, remedy, retryAfterSeconds } = faultOf(err);
    const status = FAULT_STATUS[code] ?? 502;
    const retryAfter = retryAfterSeconds ?? (status === 503 || status === 504 ? 5 : undefined);
    const res = problem(status, code, detail, { remedy });
    return retryAfter === undefined ? res : { ...res, headers: { ...(res.headers as Record<string, string>), 'retry-after': String(retryAfter) } };
}
