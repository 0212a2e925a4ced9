// The customer's tenant policies that rule 8 (docs/domain.md) checks before overage is
// enabled, read from the three Microsoft APIs that hold them:
// - Microsoft Graph, partner tenant: the partner's GDAP relationships with the customer;
// - Microsoft Graph, customer tenant: Conditional Access policies (token protection);
// - Azure Resource Manager, customer subscriptions: "allowed locations" policy assignments.
// Every response is validated here, so a change in Microsoft's shapes fails as
// an UpstreamSchemaError instead of a wrong preflight answer.
import { z } from 'zod';
import type { CustomerPolicies } from '../../core/domain/customer';
import { AzureRegion, normalizeRegion } from '../../core/domain/primitives';
import { createJsonClient, JsonClient, JsonClientOptions, QueryValue } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import { ARM_SCOPE, ARM_URL } from '../billing/azureBillingClient';

export const GRAPH_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const POLICY_API_VERSION = '2023-04-01';

/**
 * Names the customer tenant on calls made in its context. Real Graph takes the
 * tenant from the token (so it ignores this header); the simulator issues
 * partner tokens only and reads the tenant from here instead.
 */
export const CUSTOMER_TENANT_HEADER = 'x-ms-customer-tenant';

/** Built-in Entra role template ids (the same in every tenant). */
export const ENTRA_ROLES = {
    globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
    directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
    helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
} as const;

/**
 * GDAP grants Entra roles, never Azure RBAC: a partner reaches a customer's
 * subscriptions through a security group that is given Azure RBAC on them, and
 * Graph cannot show that RBAC (it lives in ARM). So "GDAP access to Azure" is
 * read as: a relationship in force whose roles are ones that go with Azure
 * management. Global Administrator can elevate itself to User Access
 * Administrator and so give the partner's group Azure RBAC on its own; Directory
 * Readers is the least-privileged role GDAP pairs with Azure RBAC that the
 * customer (or AOBO on CSP subscriptions) gives the partner's group. A partner
 * that uses other roles for Azure passes its own set (`azureRoleDefinitionIds`).
 */
export const DEFAULT_AZURE_GDAP_ROLES: readonly string[] = [ENTRA_ROLES.globalAdministrator, ENTRA_ROLES.directoryReaders];

/** `expiring` relationships (near their end date) still grant their roles. */
const GDAP_IN_FORCE = new Set(['active', 'expiring']);

/** Built-in policy definitions whose assignments restrict where resources, or resource groups, may be created. */
export const ALLOWED_LOCATIONS_DEFINITIONS = {
    resources: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
    resourceGroups: '/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988',
} as const;
const allowedLocationsDefinition = (id: string) => Object.values(ALLOWED_LOCATIONS_DEFINITIONS).some((d) => d.toLowerCase() === id.toLowerCase());

// Evolvable enums (status, state, enforcementMode) stay strings: Graph and ARM add values.
export const GdapRelationship = z.object({
    id: z.string(),
    displayName: z.string(),
    status: z.string(),
    customer: z.object({ tenantId: z.string() }),
    accessDetails: z.object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })) }),
});
export type GdapRelationship = z.input<typeof GdapRelationship>;

export const ConditionalAccessPolicy = z.object({
    id: z.string(),
    displayName: z.string(),
    /** `enabled`, `disabled` or `enabledForReportingButNotEnforced`. */
    state: z.string(),
    sessionControls: z.object({ secureSignInSession: z.object({ isEnabled: z.boolean().nullish() }).nullish() }).nullish(),
});
export type ConditionalAccessPolicy = z.input<typeof ConditionalAccessPolicy>;

export const PolicyAssignment = z.object({
    id: z.string(),
    name: z.string(),
    properties: z.object({
        policyDefinitionId: z.string(),
        /** `DoNotEnforce` assignments only audit: they block nothing. */
        enforcementMode: z.string().optional(),
        parameters: z.object({ listOfAllowedLocations: z.object({ value: z.array(AzureRegion) }).optional() })
            .catchall(z.object({ value: z.unknown() })).nullish(),
    }),
}).superRefine((a, ctx) => {
    // the built-in definitions require the parameter, so its absence means the shape changed
    if (allowedLocationsDefinition(a.properties.policyDefinitionId) && !a.properties.parameters?.listOfAllowedLocations) {
        ctx.addIssue({ code: 'custom', path: ['properties', 'parameters', 'listOfAllowedLocations'], message: 'an allowed-locations assignment must list its locations' });
    }
});
export type PolicyAssignment = z.input<typeof PolicyAssignment>;

/** A list page, whatever the API calls its link to the next one. */
interface Page<T> { items: T[]; next?: string }
const graphPage = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() })
    .transform((p): Page<z.output<T>> => ({ items: p.value, next: p['@odata.nextLink'] }));
const armPage = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), nextLink: z.string().nullish() })
    .transform((p): Page<z.output<T>> => ({ items: p.value, next: p.nextLink ?? undefined }));

/** A guard against an upstream whose next link never ends. */
const MAX_PAGES = 50;

export interface TenantPoliciesOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs'> {
    graphBaseUrl?: string;
    armBaseUrl?: string;
    /** Tokens in the partner's own tenant (the GDAP relationships). */
    token: TokenProvider;
    /**
     * Tokens issued by the customer's tenant, which Graph (Conditional Access)
     * and ARM (the customer's subscriptions) need in Azure, e.g. a credential's
     * `getToken(scope, { tenantId })`. Defaults to `token`, which suits the
     * simulator (it reads the tenant from CUSTOMER_TENANT_HEADER and the subscription).
     */
    customerToken?: (scope: string, customerTenantId: string) => Promise<string>;
    /** Entra role ids that count as GDAP access to Azure; DEFAULT_AZURE_GDAP_ROLES by default. */
    azureRoleDefinitionIds?: readonly string[];
}

export class TenantPoliciesClient {
    private readonly graph: JsonClient;
    private readonly azureRoles: Set<string>;

    constructor(private readonly o: TenantPoliciesOptions) {
        this.graph = createJsonClient({ ...o, name: 'microsoft-graph', baseUrl: o.graphBaseUrl ?? GRAPH_URL, token: () => o.token(GRAPH_SCOPE) });
        this.azureRoles = new Set((o.azureRoleDefinitionIds ?? DEFAULT_AZURE_GDAP_ROLES).map((r) => r.toLowerCase()));
    }

    /** `azureSubscriptionIds`: the customer's Azure subscriptions (entitlements); none means no location policy can apply. */
    async policies(customerTenantId: string, azureSubscriptionIds: string[]): Promise<CustomerPolicies> {
        const [gdapAzureAccess, conditionalAccessTokenProtection, allowedLocations] = await Promise.all([
            this.gdapAzureAccess(customerTenantId),
            this.tokenProtection(customerTenantId),
            this.allowedLocations(customerTenantId, azureSubscriptionIds),
        ]);
        return { gdapAzureAccess, conditionalAccessTokenProtection, allowedLocations };
    }

    async gdapAzureAccess(customerTenantId: string): Promise<boolean> {
        const filter = `customer/tenantId eq '${customerTenantId.replace(/'/g, "''")}'`;
        // built into the path, not `query`: OData wants %20 for spaces, URLSearchParams would send '+'
        const relationships = await allPages(this.graph, `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=${encodeURIComponent(filter)}`, graphPage(GdapRelationship));
        return relationships.some((r) => r.customer.tenantId.toLowerCase() === customerTenantId.toLowerCase()
            && GDAP_IN_FORCE.has(r.status)
            && r.accessDetails.unifiedRoles.some((role) => this.azureRoles.has(role.roleDefinitionId.toLowerCase())));
    }

    /**
     * Token protection is the `secureSignInSession` session control, which Graph
     * exposes only in its beta API (v1.0's sessionControls lack it, so v1.0 would
     * always say "off"). Report-only and disabled policies block nothing.
     */
    async tokenProtection(customerTenantId: string): Promise<boolean> {
        const http = this.inCustomerTenant('microsoft-graph', this.o.graphBaseUrl ?? GRAPH_URL, GRAPH_SCOPE, customerTenantId);
        const policies = await allPages(http, '/beta/identity/conditionalAccess/policies', graphPage(ConditionalAccessPolicy), { headers: { [CUSTOMER_TENANT_HEADER]: customerTenantId } });
        return policies.some((p) => p.state === 'enabled' && p.sessionControls?.secureSignInSession?.isEnabled === true);
    }

    /** What the customer's subscriptions' policy assignments allow (see locationsAllowedBy); null without subscriptions. */
    async allowedLocations(customerTenantId: string, azureSubscriptionIds: string[]): Promise<string[] | null> {
        if (azureSubscriptionIds.length === 0) return null;
        const http = this.inCustomerTenant('azure-policy', this.o.armBaseUrl ?? ARM_URL, ARM_SCOPE, customerTenantId);
        // atScope(): those at the subscription or inherited from above, not those on resource groups inside it
        const query = { 'api-version': POLICY_API_VERSION, $filter: 'atScope()' };
        const pages = await Promise.all(azureSubscriptionIds.map((id) =>
            allPages(http, `/subscriptions/${encodeURIComponent(id)}/providers/Microsoft.Authorization/policyAssignments`, armPage(PolicyAssignment), { query })));
        return locationsAllowedBy(pages.flat());
    }

    /** A client whose tokens come from the customer's tenant (built per call: the tenant is part of the token). */
    private inCustomerTenant(name: string, baseUrl: string, scope: string, customerTenantId: string): JsonClient {
        const { customerToken, token } = this.o;
        return createJsonClient({ ...this.o, name, baseUrl, token: customerToken ? () => customerToken(scope, customerTenantId) : () => token(scope) });
    }
}

/**
 * The locations every enforced allowed-locations assignment permits; null when
 * none applies. Taken over all the customer's subscriptions on purpose: the
 * preflight does not yet know which subscription overage will use, and a
 * location must pass every assignment. A management-group assignment shows up
 * under each of its subscriptions, so assignments count once per id.
 * Assignments of policy sets (initiatives) are not looked into.
 */
export function locationsAllowedBy(assignments: z.output<typeof PolicyAssignment>[]): string[] | null {
    const unique = new Map(assignments.map((a) => [a.id.toLowerCase(), a]));
    const lists = [...unique.values()]
        .filter((a) => allowedLocationsDefinition(a.properties.policyDefinitionId) && a.properties.enforcementMode !== 'DoNotEnforce')
        .map((a) => a.properties.parameters?.listOfAllowedLocations?.value ?? []);
    if (lists.length === 0) return null;
    return lists.reduce((kept, list) => kept.filter((l) => list.some((m) => normalizeRegion(m) === normalizeRegion(l))));
}

/** Follows next links (same origin only, which the JSON client enforces) and returns every item. */
async function allPages<T>(http: JsonClient, path: string, schema: z.ZodType<Page<T>>, o: { query?: Record<string, QueryValue>; headers?: Record<string, string> } = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let pages = 0; next; pages++) {
        if (pages === MAX_PAGES) throw new Error(`${path} has more than ${MAX_PAGES} pages; its next links look circular`);
        // a next link carries its own query (api-version, skip token)
        const { data }: { data: Page<T> } = await http.request('GET', next, { schema, headers: o.headers, query: pages === 0 ? o.query : undefined });
        items.push(...data.items);
        next = data.next;
    }
    return items;
}
