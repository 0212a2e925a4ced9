// The simulated Microsoft Graph, the two reads a preflight of overage needs:
// the partner's GDAP relationships with a customer (v1.0) and the customer's
// Conditional Access policies (beta: token protection, `secureSignInSession`,
// exists in beta only). Both are built from the world's `customer.policies`,
// the same facts Partner Center's refusals come from.
import { json, Router } from '../http/router';
import { isCustomerOf } from '../rules/partnerAccounts';
import type { Customer, Partner } from '../world';
import { authenticate, isAnswer, ServiceContext } from './caller';
import type { Dialect } from './dialect';
import { ENTRA_ROLE_TEMPLATES as ROLES } from './microsoftIds';

/**
 * Names the customer tenant of a Conditional Access read. Real Graph answers
 * for the tenant its token was issued by; the simulator issues partner
 * tokens only, so the customer is named here instead.
 */
export const CUSTOMER_TENANT_HEADER = 'x-ms-customer-tenant';

/** The one $filter clients send here. */
const CUSTOMER_FILTER = /^customer\/tenantId eq '([^']+)'$/i;

/** `graph`: the simulator's Graph dialect (its errors dated on the simulator's clock). */
export function graphRoutes(ctx: ServiceContext, graph: Dialect): Router {
    const { state } = ctx;
    return new Router()
        .on('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships', async (req) => {
            const a = await authenticate(ctx, req, graph);
            if (isAnswer(a)) return a;
            const filter = req.url.searchParams.get('$filter');
            const only = filter === null ? undefined : CUSTOMER_FILTER.exec(filter.trim())?.[1].toLowerCase();
            if (filter !== null && !only) return graph.error(400, 'BadRequest', `Invalid filter clause: the simulator serves only customer/tenantId eq '<id>', not ${filter}.`);
            // as in Graph, no relationship with a customer is an empty list, not an error
            // one customer asked for: looked up, not found by going through every customer of the world
            const candidates = only ? [state.customer(only)].filter((c) => c !== undefined) : state.customers();
            const customers = candidates.filter((c) => isCustomerOf(state.world, a.partner, c));
            return json(200, {
                '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships',
                value: customers.flatMap((c) => relationships(a.partner, c)),
            });
        })
        .on('GET', '/beta/identity/conditionalAccess/policies', async (req) => {
            const a = await authenticate(ctx, req, graph);
            if (isAnswer(a)) return a;
            const tenantId = req.headers[CUSTOMER_TENANT_HEADER];
            if (!tenantId) return graph.error(400, 'BadRequest', `Name the customer tenant in the ${CUSTOMER_TENANT_HEADER} header (real Graph takes it from the token).`);
            const c = state.customer(tenantId);
            if (!c || !isCustomerOf(state.world, a.partner, c)) return graph.error(404, 'Request_ResourceNotFound', `Partner ${a.partner.id} has no delegated access to tenant ${tenantId}.`);
            return json(200, { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies', value: conditionalAccessPolicies(c) });
        });
}

/**
 * With GDAP access to Azure: an active relationship carrying Directory Readers
 * (the role Microsoft pairs with Azure RBAC for partners) and Teams
 * Administrator. Without: an active relationship whose roles do not reach
 * Azure, and an expired one that did (what a lapsed relationship leaves).
 */
function relationships(partner: Partner, c: Customer) {
    const relationship = (suffix: string, status: string, roles: string[]) => ({
        '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
        id: `${c.tenantId}-${partner.id}-${suffix}`,
        displayName: `${partner.name} ${suffix}`,
        duration: 'P730D',
        status,
        autoExtendDuration: 'PT0S',
        customer: { tenantId: c.tenantId, displayName: c.name },
        accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    });
    if (c.policies.gdapAzureAccess) return [relationship('azure', 'active', [ROLES.directoryReaders, ROLES.teamsAdministrator])];
    return [
        relationship('m365', 'active', [ROLES.teamsAdministrator, ROLES.helpdeskAdministrator]),
        relationship('legacy', 'expired', [ROLES.globalAdministrator]),
    ];
}

/** Every tenant requires MFA of admins; token protection is enforced only where the world says so, report-only elsewhere. */
function conditionalAccessPolicies(c: Customer) {
    return [
        { id: `${c.tenantId}-ca-mfa`, displayName: 'Require MFA for administrators', state: 'enabled', sessionControls: null },
        {
            id: `${c.tenantId}-ca-token-protection`,
            displayName: 'Require token protection for sign-in sessions',
            state: c.policies.conditionalAccessTokenProtection ? 'enabled' : 'enabledForReportingButNotEnforced',
            sessionControls: { secureSignInSession: { isEnabled: true } },
        },
    ];
}
