// The customer tenant's licences from Microsoft Graph: `GET /v1.0/subscribedSkus`,
// and `GET /v1.0/users` for where the users holding them are, with the app's
// token for the customer's tenant (reached through GDAP, or the app's consent
// there), validated here so a change in Graph's shape fails as an
// UpstreamSchemaError instead of a wrong pool.
import { z } from 'zod';
import { createJsonClient, JsonClient, JsonClientOptions } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import { CUSTOMER_TENANT_HEADER, GRAPH_SCOPE, GRAPH_URL } from '../tenantPolicies/tenantPoliciesClient';
import type { AssignedLicences, TenantLicence, TenantLicences } from './tenantLicences';

// Evolvable enums (capabilityStatus, provisioningStatus) stay strings: Graph adds values.
export const SubscribedSku = z.object({
    skuId: z.string().min(1),
    skuPartNumber: z.string().min(1),
    capabilityStatus: z.string().optional(),
    consumedUnits: z.number().int().min(0),
    prepaidUnits: z.object({
        enabled: z.number().int().min(0),
        suspended: z.number().int().min(0).optional(),
        warning: z.number().int().min(0).optional(),
        lockedOut: z.number().int().min(0).optional(),
    }),
    servicePlans: z.array(z.object({ servicePlanName: z.string(), provisioningStatus: z.string().optional() })).optional(),
});
export type SubscribedSku = z.input<typeof SubscribedSku>;

const page = <T extends z.ZodType>(item: T) => z.object({ 'value': z.array(item), '@odata.nextLink': z.string().optional() });

export const GraphUser = z.object({
    usageLocation: z.string().nullish(),
    assignedLicenses: z.array(z.object({ skuId: z.string() })).nullish(),
});
export type GraphUser = z.input<typeof GraphUser>;

/** Guards against an upstream whose next link never ends: a tenant lists a few dozen SKUs, and up to a million users. */
const MAX_SKU_PAGES = 20;
const MAX_USER_PAGES = 1100;
/** Graph's largest page of users. */
const USERS_PER_PAGE = 999;

export interface TenantLicencesOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs'> {
    graphBaseUrl?: string;
    /** Tokens of the partner's tenant; stand in for `customerToken` where that is not given (the simulator). */
    token: TokenProvider;
    /** Tokens issued by the customer's tenant, which Graph needs there in Azure (tokenProviders.ts). */
    customerToken?: (scope: string, customerTenantId: string) => Promise<string>;
}

export class TenantLicencesClient implements TenantLicences {
    constructor(private readonly o: TenantLicencesOptions) {}

    async subscribedSkus(customerTenantId: string): Promise<TenantLicence[]> {
        const skus = await this.allPages(customerTenantId, '/v1.0/subscribedSkus', page(SubscribedSku), MAX_SKU_PAGES);
        return skus.map((s) => ({
            skuId: s.skuId.toLowerCase(),
            skuPartNumber: s.skuPartNumber,
            enabledUnits: s.prepaidUnits.enabled,
            consumedUnits: s.consumedUnits,
            // a plan the tenant's admin switched off brings no minutes
            servicePlans: (s.servicePlans ?? []).filter((p) => p.provisioningStatus !== 'Disabled').map((p) => p.servicePlanName),
        }));
    }

    async usageLocations(customerTenantId: string): Promise<AssignedLicences[]> {
        const counts = new Map<string, AssignedLicences>();
        const path = `/v1.0/users?$select=usageLocation,assignedLicenses&$top=${USERS_PER_PAGE}`;
        // counted page by page: a large tenant's users are never all in memory
        await this.allPages(customerTenantId, path, page(GraphUser), MAX_USER_PAGES, (users) => {
            for (const u of users) {
                const usageLocation = u.usageLocation ? u.usageLocation.trim().toUpperCase() : null;
                for (const { skuId } of u.assignedLicenses ?? []) {
                    const key = `${skuId.toLowerCase()}\u0000${usageLocation ?? ''}`;
                    const kept = counts.get(key);
                    if (kept) kept.users++;
                    else counts.set(key, { skuId: skuId.toLowerCase(), usageLocation, users: 1 });
                }
            }
        });
        return [...counts.values()];
    }

    /** Every item of a Graph list, following next links; with `each`, handed over page by page instead of kept. */
    private async allPages<T>(customerTenantId: string, first: string, schema: z.ZodType<{ 'value': T[]; '@odata.nextLink'?: string }>, maxPages: number, each?: (items: T[]) => void): Promise<T[]> {
        const http = this.inCustomerTenant(customerTenantId);
        const items: T[] = [];
        let next: string | undefined = first;
        for (let pages = 0; next; pages++) {
            if (pages === maxPages) throw new Error(`${first} of ${customerTenantId} has more than ${maxPages} pages; its next links look circular`);
            const { data }: { data: { 'value': T[]; '@odata.nextLink'?: string } } = await http.request('GET', next, { schema, headers: { [CUSTOMER_TENANT_HEADER]: customerTenantId } });
            if (each) each(data.value);
            else items.push(...data.value);
            next = data['@odata.nextLink'];
        }
        return items;
    }

    /** A client whose tokens come from the customer's tenant (built per call: the tenant is part of the token). */
    private inCustomerTenant(customerTenantId: string): JsonClient {
        const { customerToken, token } = this.o;
        return createJsonClient({ ...this.o, name: 'microsoft-graph', baseUrl: this.o.graphBaseUrl ?? GRAPH_URL, token: customerToken ? () => customerToken(GRAPH_SCOPE, customerTenantId) : () => token(GRAPH_SCOPE) });
    }
}
