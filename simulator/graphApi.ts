// The simulated Microsoft Graph, the two reads the overage preflight needs: the
// partner's GDAP relationships with a customer, and the Conditional Access
// policies in the customer's tenant. Both are derived from the world's
// `customer.policies`, so the simulated answers and the simulator's own
// preflight (Partner Center refusing to enable overage) always agree.
import type { Customer } from '../shared/domain/customer';
import type { Partner } from '../shared/domain/partner';
import { ConditionalAccessPolicy, CUSTOMER_TENANT_HEADER, ENTRA_ROLES, GdapRelationship } from '../shared/tenantPolicies/tenantPoliciesClient';
import { isCustomerOf } from './relationships';
import { json, problem, Router } from './router';
import { AUDIENCES, isResponse, SimulatedAuth } from './simulatedAuth';
import { SimulatorState } from './simulatorState';

/** The one $filter Graph clients use here: `customer/tenantId eq '<id>'`. */
const CUSTOMER_FILTER = /^customer\/tenantId eq '([^']+)'$/i;

export function graphApi(state: SimulatorState, auth: SimulatedAuth): Router {
    return new Router()
        .on('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.graph);
            if (isResponse(acting)) return acting;
            const filter = req.url.searchParams.get('$filter');
            const only = filter === null ? undefined : CUSTOMER_FILTER.exec(filter.trim())?.[1].toLowerCase();
            if (filter !== null && !only) return problem(400, 'BadRequest', `Invalid filter clause: the simulator supports only customer/tenantId eq '<id>', not ${filter}.`);
            // as in Graph, a customer without a relationship is an empty list, not an error
            const customers = state.world.customers.filter((c) => isCustomerOf(state.world, acting.partner, c) && (!only || c.tenantId.toLowerCase() === only));
            return json(200, { value: customers.flatMap((c) => relationships(acting.partner, c)) });
        })
        // beta: token protection (secureSignInSession) is not in v1.0's session controls
        .on('GET', '/beta/identity/conditionalAccess/policies', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.graph);
            if (isResponse(acting)) return acting;
            // real Graph answers for the token's tenant; simulator tokens are the partner's, so the header names the customer
            const tenantId = req.headers[CUSTOMER_TENANT_HEADER];
            if (!tenantId) return problem(400, 'BadRequest', `Name the customer tenant in the ${CUSTOMER_TENANT_HEADER} header (real Graph takes it from the token).`);
            const c = state.customer(tenantId);
            if (!c || !isCustomerOf(state.world, acting.partner, c)) return problem(404, 'Request_ResourceNotFound', `Partner ${acting.partner.id} has no delegated access to tenant ${tenantId}.`);
            return json(200, { value: conditionalAccessPolicies(c) });
        });
}

/**
 * With GDAP access to Azure: one active relationship carrying Directory Readers.
 * Without: an active Microsoft 365 relationship whose roles do not reach Azure,
 * and an expired one that did (what is left after a relationship lapses).
 */
function relationships(partner: Partner, c: Customer): GdapRelationship[] {
    const relationship = (suffix: string, status: string, roles: string[]): GdapRelationship => ({
        id: `${c.tenantId}-${partner.id}-${suffix}`, displayName: `${partner.name} ${suffix}`, status,
        customer: { tenantId: c.tenantId }, accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    });
    if (c.policies.gdapAzureAccess) return [relationship('azure', 'active', [ENTRA_ROLES.directoryReaders, ENTRA_ROLES.teamsAdministrator])];
    return [
        relationship('m365', 'active', [ENTRA_ROLES.teamsAdministrator, ENTRA_ROLES.helpdeskAdministrator]),
        relationship('legacy', 'expired', [ENTRA_ROLES.globalAdministrator]),
    ];
}

/** Every tenant has an MFA policy; the token-protection one is enforced only when the world says so (report-only otherwise). */
function conditionalAccessPolicies(c: Customer): ConditionalAccessPolicy[] {
    return [
        { id: `${c.tenantId}-ca-mfa`, displayName: 'Require MFA for administrators', state: 'enabled', sessionControls: null },
        {
            id: `${c.tenantId}-ca-token-protection`, displayName: 'Require token protection for sign-in sessions',
            state: c.policies.conditionalAccessTokenProtection ? 'enabled' : 'enabledForReportingButNotEnforced',
            sessionControls: { secureSignInSession: { isEnabled: true } },
        },
    ];
}
