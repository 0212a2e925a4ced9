// The simulated Azure Policy read on ARM: the policy assignments of one of a
// customer's subscriptions, built from the world's `policies.allowedLocations`.
// Every subscription has two assignments that restrict no location (Defender
// for Cloud's default initiative, a required tag), listed first; a customer
// with an allowed-locations list also has the built-in "Allowed locations"
// assignment and its resource-group counterpart, both listing those regions.
// Real ARM would refuse a partner without Azure RBAC on the subscription; the
// simulator answers any partner that sees the customer (docs/simulator.md).
import { page } from '../http/paging';
import { json, Router } from '../http/router';
import { isCustomerOf } from '../rules/partnerAccounts';
import type { Customer } from '../world';
import { API_VERSIONS, armCaller } from './armApiVersions';
import { isAnswer, ServiceContext } from './caller';
import { ARM } from './dialect';
import { POLICY_DEFINITIONS } from './microsoftIds';

export function registerArmPolicy(router: Router, ctx: ServiceContext): Router {
    const { state } = ctx;
    return router.on('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyAssignments', async (req) => {
        const a = await armCaller(ctx, req, API_VERSIONS.policyAssignments);
        if (isAnswer(a)) return a;
        const filter = req.url.searchParams.get('$filter');
        if (filter !== null && filter !== 'atScope()') return ARM.error(400, 'InvalidFilterInQueryString', `The simulator serves only $filter=atScope(), not '${filter}'.`);
        // every entitlement is an Azure subscription, legacy-offer ones included
        const c = state.customerOfSubscription(req.params.subscriptionId);
        if (!c || !isCustomerOf(state.world, a.partner, c)) return ARM.error(404, 'SubscriptionNotFound', `The subscription '${req.params.subscriptionId}' could not be found.`);
        const { value, next } = page(req, assignments(req.params.subscriptionId, c), '$skiptoken');
        return json(200, { value, ...(next ? { nextLink: next } : {}) });
    });
}

function assignments(subscriptionId: string, c: Customer) {
    const scope = `/subscriptions/${subscriptionId}`;
    const assignment = (name: string, displayName: string, policyDefinitionId: string, parameters: Record<string, { value: unknown }>) => ({
        id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
        type: 'Microsoft.Authorization/policyAssignments',
        name,
        properties: { displayName, policyDefinitionId, scope, notScopes: [], enforcementMode: 'Default', parameters },
    });
    const locations = c.policies.allowedLocations;
    return [
        assignment('SecurityCenterBuiltIn', 'ASC Default', POLICY_DEFINITIONS.defenderForCloudDefaultInitiative, {}),
        assignment('require-cost-center-tag', 'Require a cost center tag on resource groups', POLICY_DEFINITIONS.requireTagOnResourceGroups, { tagName: { value: 'costCenter' } }),
        ...(locations === null ? [] : [
            assignment('allowed-locations', 'Allowed locations', POLICY_DEFINITIONS.allowedLocations, { listOfAllowedLocations: { value: locations } }),
            assignment('allowed-locations-rg', 'Allowed locations for resource groups', POLICY_DEFINITIONS.allowedLocationsForResourceGroups, { listOfAllowedLocations: { value: locations } }),
        ]),
    ];
}
