// What every overage endpoint checks before doing anything, the body
// included: a verified caller, then the one authorisation (roles as Partner
// Center holds them, a partner that transacts, a customer of that partner).
// Calls to Microsoft made here and by the handler keep to the synchronous
// budget; their faults become 502/503/504 problems naming the service, never
// its URL, with Retry-After when Microsoft gave one.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { type Access, authorise } from '../../shared/features/access/authorise';
import type { Caller } from '../../shared/core/domain/partner';
import type { Dependencies } from '../../shared/adapters/dependencies';
import type { MicrosoftClients } from '../../shared/adapters/microsoftClients';
import { PHONE_SERVICES } from '../../shared/core/overage/enablement';
import type { PcPartnerProfile } from '../../shared/adapters/partnerCenter/partnerCenterSchemas';
import { ReadModelRelationships, type ReadModelDoc } from '../../shared/features/readModel/readModel';
import { readModelMaxAgeMs } from '../../shared/features/readModel/readModelConfig';
import { type Fault, faultOf } from '../../shared/core/faults/stepFault';
import { authenticate, isResponse } from './caller';
import { problem, refusal } from './problem';

export type { Access };

export interface Guarded {
    /** The caller, with its roles as Partner Center holds them. */
    caller: Caller;
    customerTenantId: string;
    /** Microsoft's APIs for this caller, within the synchronous budget. */
    ms: MicrosoftClients;
    /** The caller's partner account, read by a 'manage' check (so a handler need not read it again). */
    profile?: PcPartnerProfile;
    /** A read's fresh read-model document, when it stood in for the customer check (so a handler need not read it again). */
    fresh?: ReadModelDoc;
}

const TenantId = z.guid();

/** What the guard uses: the token verifier, Microsoft's APIs, the read model's store, and the settings (its maximum age). */
export type GuardDependencies = Pick<Dependencies, 'tokenVerifier' | 'microsoft' | 'stateStore' | 'env'>;

/** Runs `fn` for an authenticated, authorised caller of a customer's overage. */
export function guarded(deps: GuardDependencies, access: Access, fn: (g: Guarded, req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>) {
    return async (req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> => {
        try {
            const caller = await authenticate(req, deps.tokenVerifier);
            if (isResponse(caller)) return caller;
            const tenant = TenantId.safeParse(req.params.customerTenantId);
            if (!tenant.success) return problem(400, 'invalid-request', 'The customer tenant id in the path is not a GUID.', { remedy: 'Use the customer\'s Microsoft Entra tenant id.' });
            const ms = deps.microsoft(caller, 'request');
            // a read by a partner the read model saw Partner Center show the customer to lately needs no call to check it again
            const relationships = new ReadModelRelationships(deps.stateStore, PHONE_SERVICES, readModelMaxAgeMs(deps.env));
            const allowed = await authorise(ms.partnerCenter, caller, { access, customerTenantId: tenant.data }, { relationships });
            if (!allowed.allowed) return refusal(allowed.refusal);
            return await fn({ caller: allowed.caller, customerTenantId: tenant.data, ms, profile: allowed.profile, fresh: relationships.fresh }, req, ctx);
        } catch (err) {
            return asProblem(err, ctx);
        }
    };
}

const FAULT_STATUS: Record<string, number> = {
    'upstream-timeout': 504, 'upstream-throttled': 503, 'upstream-unavailable': 503, 'upstream-unreachable': 503,
    'upstream-contract': 502, 'upstream-refused': 502, 'internal-error': 500,
};

/** Faults as problem details: which Microsoft service failed and when to come back; the full error goes to the log only. */
export function asProblem(err: unknown, ctx: InvocationContext): HttpResponseInit {
    ctx.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return asFaultProblem(faultOf(err));
}

/** A fault as problem details (with `extras`, e.g. what was done before it), Retry-After included. */
export function asFaultProblem({ code, detail, remedy, retryAfterSeconds }: Fault, extras: Record<string, unknown> = {}): HttpResponseInit {
    const status = FAULT_STATUS[code] ?? 502;
    const retryAfter = retryAfterSeconds ?? (status === 503 || status === 504 ? 5 : undefined);
    const res = problem(status, code, detail, { ...extras, remedy });
    return retryAfter === undefined ? res : { ...res, headers: { ...(res.headers as Record<string, string>), 'retry-after': String(retryAfter) } };
}
