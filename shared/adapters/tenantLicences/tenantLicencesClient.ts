// The customer tenant's licences from Microsoft Graph: `GET /v1.0/subscribedSkus`
// with the app's token for the customer's tenant (reached through GDAP, or the
// app's consent there), validated here so a change in Graph's shape fails as
// an UpstreamSchemaError instead of a wrong pool.
import { z } from 'zod';
import { createJsonClient, JsonClient, JsonClientOptions } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import { CUSTOMER_TENANT_HEADER, GRAPH_SCOPE, GRAPH_URL } from '../tenantPolicies/tenantPoliciesClient';
import type { TenantLicence, TenantLicences } from './tenantLicences';

// Evolvable enums (capabilityStatus, provisioningStatus) stay strings: Graph adds values.
export const SubscribedSku = z.object({
    skuId: z.string().optional(),
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

const SkuPage = z.object({ 'value': z.array(SubscribedSku), '@odata.nextLink': z.string().optional() });

/** A guard against an upstream whose next link never ends. */
const MAX_PAGES = 20;

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
        const http = this.inCustomerTenant(customerTenantId);
        const skus: z.output<typeof SubscribedSku>[] = [];
        let next: string | undefined = '/v1.0/subscribedSkus';
        for (let pages = 0; next; pages++) {
            if (pages === MAX_PAGES) throw new Error(`subscribedSkus of ${customerTenantId} has more than ${MAX_PAGES} pages; its next links look circular`);
            const { data }: { data: z.output<typeof SkuPage> } = await http.request('GET', next, { schema: SkuPage, headers: { [CUSTOMER_TENANT_HEADER]: customerTenantId } });
            skus.push(...data.value);
            next = data['@odata.nextLink'];
        }
        return skus.map((s) => ({
            skuPartNumber: s.skuPartNumber,
            enabledUnits: s.prepaidUnits.enabled,
            consumedUnits: s.consumedUnits,
            // a plan the tenant's admin switched off brings no minutes
            servicePlans: (s.servicePlans ?? []).filter((p) => p.provisioningStatus !== 'Disabled').map((p) => p.servicePlanName),
        }));
    }

    /** A client whose tokens come from the customer's tenant (built per call: the tenant is part of the token). */
    private inCustomerTenant(customerTenantId: string): JsonClient {
        const { customerToken, token } = this.o;
        return createJsonClient({ ...this.o, name: 'microsoft-graph', baseUrl: this.o.graphBaseUrl ?? GRAPH_URL, token: customerToken ? () => customerToken(GRAPH_SCOPE, customerTenantId) : () => token(GRAPH_SCOPE) });
    }
}
