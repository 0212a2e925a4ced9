// The one authorisation of every entry: HTTP endpoints, each Service Bus
// queue, the console (through the same API) and a run's first step. In the
// order a person would fix a refusal: the agent's roles as Partner Center
// holds them (never the token's claim), its partner's account (an indirect
// reseller is told which provider acts for it), a reseller named in a
// two-tier request, then the customer, which must be one of the partner's
// (for a read, what the app knows fresh from Partner Center may stand in).
import type { Blocker } from '../../core/domain/findings';
import type { Caller } from '../../core/domain/partner';
import { canReadOverage } from '../../core/domain/rules/roles';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';
import { refusalOf } from '../../adapters/partnerCenter/refusals';
import type { PcCustomer, PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { AgentRolesSource, RememberedRoles } from './agentRoles';
import { managePermission } from './managePermission';

/** Reading overage (AdminAgent, SalesAgent, GlobalAdmin) or changing it (AdminAgent of a transacting partner). */
export type Access = 'read' | 'manage';

export interface AccessRequest {
    access: Access;
    /** The customer the request is about; omitted for a partner-wide request (its customer list, its files). */
    customerTenantId?: string;
    /** Two-tier: the indirect reseller an indirect provider acts for. */
    onBehalfOfPartnerId?: string;
}

export type Authorisation =
    | {
        allowed: true;
        /** The caller with Partner Center's roles: what every later step acts as. */
        caller: Caller;
        /** The partner's account, read for 'manage'. */
        profile?: PcPartnerProfile;
        /** 'manage': whose overage it is (the named reseller, else the caller's partner). */
        actingForPartnerId?: string;
        customer?: PcCustomer;
    }
    | { allowed: false; refusal: Blocker };

/** Customers the app saw Partner Center show a partner lately (the read model): a read need not ask again. */
export interface KnownRelationships {
    sees(partnerId: string, customerTenantId: string): Promise<boolean>;
}

export interface AuthoriseSources {
    /** Where the agent's roles are read: by default Partner Center's, remembered a minute. */
    roles?: AgentRolesSource;
    /** For 'read': relationships known fresh, checked before asking Partner Center. */
    relationships?: KnownRelationships;
}

const remembered = new RememberedRoles();

export async function authorise(pc: PartnerCenterClient, asked: Caller, request: AccessRequest, sources: AuthoriseSources = {}): Promise<Authorisation> {
    const caller: Caller = { ...asked, roles: await (sources.roles ?? remembered).rolesOf(pc, asked) };
    let profile: PcPartnerProfile | undefined;
    let actingForPartnerId: string | undefined;
    if (request.access === 'manage') {
        const decision = await managePermission(pc, caller, request.onBehalfOfPartnerId);
        if (!decision.permission.allowed) return refused(decision.permission);
        profile = decision.profile;
        actingForPartnerId = decision.permission.actingForPartnerId;
    } else {
        const read = canReadOverage(caller);
        if (!read.allowed) return refused(read);
    }
    let customer: PcCustomer | undefined;
    const known = request.access === 'read' && request.customerTenantId !== undefined && (await sources.relationships?.sees(caller.partnerId, request.customerTenantId));
    if (request.customerTenantId !== undefined && !known) {
        try {
            customer = await pc.customer(request.customerTenantId);
        } catch (err) {
            const refusal = refusalOf(err);
            if (refusal) return { allowed: false, refusal };
            throw err;
        }
    }
    return { allowed: true, caller, profile, actingForPartnerId, customer };
}

function refused({ code, detail, remedy }: Blocker): Authorisation {
    return { allowed: false, refusal: { code, detail, remedy } };
}
