// The simulated Microsoft Graph. The two reads a preflight of overage needs:
// the partner's GDAP relationships with a customer (v1.0) and the customer's
// Conditional Access policies (beta: token protection, `secureSignInSession`,
// exists in beta only), both built from the world's `customer.policies`, the
// same facts Partner Center's refusals come from. And the two the usage pull
// needs, in their own files: the tenant's PSTN call log (graphCallRecords.ts),
// its licences (graphLicences.ts) and its users' usage locations (graphUsers.ts).
import { json, Router } from '../http/router';
import { isCustomerOf } from '../rules/partnerAccounts';
import { gdapRelationships } from '../rules/graphAccess';
import type { Customer, Partner, World } from '../world';
import { authenticate, isAnswer, ServiceContext } from './caller';
import type { Dialect } from './dialect';
import { registerCallRecords } from './graphCallRecords';
import { registerSubscribedSkus } from './graphLicences';
import { customerTenant, isCustomer } from './graphTenant';
import { registerUsers } from './graphUsers';

export { CUSTOMER_TENANT_HEADER } from './graphTenant';

/** The one $filter clients send here. */
const CUSTOMER_FILTER = /^customer\/tenantId eq '([^']+)'$/i;

/** `graph`: the simulator's Graph dialect (its errors dated on the simulator's clock). */
export function graphRoutes(ctx: ServiceContext, graph: Dialect, now: () => number): Router {
    const { state } = ctx;
    const router = new Router();
    registerCallRecords(router, ctx, graph, now);
    registerSubscribedSkus(router, ctx, graph, now);
    registerUsers(router, ctx, graph, now);
    return router
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
                value: customers.flatMap((c) => relationships(state.world, a.partner, c)),
            });
        })
        .on('GET', '/beta/identity/conditionalAccess/policies', async (req) => {
            const a = await authenticate(ctx, req, graph);
            if (isAnswer(a)) return a;
            const c = customerTenant(req, state, graph);
            if (!isCustomer(c)) return c;
            if (!isCustomerOf(state.world, a.partner, c)) return graph.error(404, 'Request_ResourceNotFound', `Partner ${a.partner.id} has no delegated access to tenant ${c.tenantId}.`);
            return json(200, { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies', value: conditionalAccessPolicies(c) });
        });
}

/** The relationships as Graph lists them (rules/graphAccess.ts says which there are). */
function relationships(world: World, partner: Partner, c: Customer) {
    return gdapRelationships(world, partner, c).map((r) => ({
        '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
        id: `${c.tenantId}-${partner.id}-${r.name}`,
        displayName: `${partner.name} ${r.name}`,
        duration: 'P730D',
        status: r.status,
        autoExtendDuration: 'PT0S',
        customer: { tenantId: c.tenantId, displayName: c.name },
        accessDetails: { unifiedRoles: r.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    }));
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
