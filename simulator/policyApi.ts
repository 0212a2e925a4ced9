// The simulated Azure Policy reads on ARM: the policy assignments of a
// customer's subscription. A customer whose world `policies.allowedLocations`
// is a list gets the built-in "Allowed locations" assignment and its
// resource-group twin on each of its subscriptions (Microsoft's advice names
// both); every subscription also has two assignments that restrict no location
// (Defender for Cloud's default initiative, a required tag), listed first, so
// clients must pick the right definitions and follow nextLink to find them.
import type { Customer } from '../shared/domain/customer';
import { ALLOWED_LOCATIONS_DEFINITIONS, PolicyAssignment } from '../shared/tenantPolicies/tenantPoliciesClient';
import { isCustomerOf } from './relationships';
import { json, problem, Router, SimRequest } from './router';
import { AUDIENCES, isResponse, SimulatedAuth } from './simulatedAuth';
import { SimulatorState } from './simulatorState';

const DEFENDER_DEFAULT_INITIATIVE = '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
const REQUIRE_TAG_ON_RESOURCE_GROUPS = '/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025';

/** Smaller than ARM's pages on purpose: a client that ignores nextLink misses assignments here too. */
const PAGE_SIZE = 2;

export function policyApi(state: SimulatorState, auth: SimulatedAuth): Router {
    return new Router()
        .on('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyAssignments', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.arm);
            if (isResponse(acting)) return acting;
            const query = req.url.searchParams;
            if (!query.get('api-version')) return problem(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
            const filter = query.get('$filter');
            if (filter !== null && filter !== 'atScope()') return problem(400, 'InvalidFilterInQueryString', `The simulator supports only $filter=atScope(), not ${filter}.`);
            const id = req.params.subscriptionId.toLowerCase();
            // every entitlement is an Azure subscription, legacy-offer ones included
            const c = state.world.customers.find((x) => x.azure.entitlements.some((e) => e.id.toLowerCase() === id));
            if (!c || !isCustomerOf(state.world, acting.partner, c)) return problem(404, 'SubscriptionNotFound', `The subscription '${req.params.subscriptionId}' could not be found.`);
            return json(200, page(req, assignments(req.params.subscriptionId, c)));
        });
}

function assignments(subscriptionId: string, c: Customer): PolicyAssignment[] {
    const assignment = (name: string, policyDefinitionId: string, parameters: PolicyAssignment['properties']['parameters']): PolicyAssignment => ({
        id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${name}`, name,
        properties: { policyDefinitionId, enforcementMode: 'Default', parameters },
    });
    const locations = c.policies.allowedLocations;
    return [
        assignment('SecurityCenterBuiltIn', DEFENDER_DEFAULT_INITIATIVE, {}),
        assignment('require-cost-center-tag', REQUIRE_TAG_ON_RESOURCE_GROUPS, { tagName: { value: 'costCenter' } }),
        ...(locations === null ? [] : [
            assignment('allowed-locations', ALLOWED_LOCATIONS_DEFINITIONS.resources, { listOfAllowedLocations: { value: locations } }),
            assignment('allowed-locations-rg', ALLOWED_LOCATIONS_DEFINITIONS.resourceGroups, { listOfAllowedLocations: { value: locations } }),
        ]),
    ];
}

/** One page of `items` as ARM lists them, with an absolute nextLink carrying a skip token. */
function page<T>(req: SimRequest, items: T[]): { value: T[]; nextLink?: string } {
    const skip = Math.max(0, Number(req.url.searchParams.get('$skipToken') ?? 0) || 0);
    const next = new URL(req.url);
    next.searchParams.set('$skipToken', String(skip + PAGE_SIZE));
    return { value: items.slice(skip, skip + PAGE_SIZE), ...(skip + PAGE_SIZE < items.length ? { nextLink: next.toString() } : {}) };
}
