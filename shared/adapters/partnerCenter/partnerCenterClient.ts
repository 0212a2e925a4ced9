// Partner Center REST, the calls overage management needs: the partner's
// profiles (the legal business one names its contact) and agent roles,
// customers (one, or the whole list a page at a time), their subscriptions (consumptionType), Azure entitlements, the
// legacy-to-plan transition, overage (public shape), and, for a Control Panel
// Vendor, the app's consent in a customer's tenant.
// Every response is validated; failures surface as typed UpstreamErrors.
import { z } from 'zod';
import { OverageCollection, OverageItem, OverageUpdate } from '../../core/domain/partnerCenter';
import { createJsonClient, JsonClient, JsonClientOptions, UpstreamHttpError } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import {
    CONTINUATION_TOKEN_HEADER, continuationTokenOf, PcAgentRoles, PcApplicationConsent, PcAzureEntitlement, PcAzurePlanState, PcCollection, PcCustomer, PcCustomerPage, PcLegalBusinessProfile, PcPartnerProfile, PcPartnerRelationship, PcSubscription,
} from './partnerCenterSchemas';

export const PARTNER_CENTER_URL = 'https://api.partnercenter.microsoft.com';
export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/.default';

export interface PartnerCenterOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs'> {
    baseUrl?: string;
    token: TokenProvider;
}

const customerPath = (tenantId: string) => `/v1/customers/${encodeURIComponent(tenantId)}`;

/** Customers a page when the caller names no size. */
export const CUSTOMER_PAGE_SIZE = 100;

export class PartnerCenterClient {
    private readonly http: JsonClient;

    constructor(o: PartnerCenterOptions) {
        this.http = createJsonClient({ ...o, name: 'partner-center', baseUrl: o.baseUrl ?? PARTNER_CENTER_URL, token: () => o.token(PARTNER_CENTER_SCOPE) });
    }

    async partnerProfile(): Promise<PcPartnerProfile> {
        return (await this.http.request('GET', '/v1/profiles/partner', { schema: PcPartnerProfile })).data;
    }

    /** The signed-in partner's legal business profile: its primary contact is whom a handover mails. */
    async legalBusinessProfile(): Promise<PcLegalBusinessProfile> {
        return (await this.http.request('GET', '/v1/profiles/legalbusiness', { schema: PcLegalBusinessProfile })).data;
    }

    async agentRoles(upn: string): Promise<PcAgentRoles> {
        return (await this.http.request('GET', `/v1/agents/${encodeURIComponent(upn)}/roles`, { schema: PcAgentRoles })).data;
    }

    /** An indirect provider's indirect resellers (empty for other partners). */
    async indirectResellers(): Promise<PcPartnerRelationship[]> {
        return (await this.http.request('GET', '/v1/relationships', { schema: PcCollection(PcPartnerRelationship), query: { relationship_type: 'IsIndirectCloudSolutionProviderOf' } })).data.items;
    }

    async customer(tenantId: string): Promise<PcCustomer> {
        return (await this.http.request('GET', customerPath(tenantId), { schema: PcCustomer })).data;
    }

    /**
     * The partner's customers (an indirect provider's include its resellers',
     * each with `associatedPartnerId`), one page at a time as Partner Center
     * serves them: each page is asked for with the continuation token of the
     * one before it, until a page links to no next one. A page that fails is
     * retried like any read (the token stays valid); what the caller did with
     * the pages before it stands.
     */
    async *customers(o: { pageSize?: number } = {}): AsyncGenerator<PcCustomer[], void, undefined> {
        const size = o.pageSize ?? CUSTOMER_PAGE_SIZE;
        const served = new Set<string>();
        let token: string | undefined;
        for (;;) {
            const page: PcCustomerPage = (await this.http.request('GET', '/v1/customers', {
                schema: PcCustomerPage,
                query: token === undefined ? { size } : { size, seekOperation: 'Next' },
                headers: token === undefined ? undefined : { [CONTINUATION_TOKEN_HEADER]: token },
            })).data;
            yield page.items;
            const next = page.links?.next;
            if (!next) return;
            token = continuationTokenOf(next)!; // the schema makes sure a next link carries one
            if (served.has(token)) throw new Error('Partner Center linked the customer list back to a page it had already served');
            served.add(token);
        }
    }

    async subscriptions(tenantId: string): Promise<PcSubscription[]> {
        return (await this.http.request('GET', `${customerPath(tenantId)}/subscriptions`, { schema: PcCollection(PcSubscription) })).data.items;
    }

    async azureEntitlements(tenantId: string): Promise<PcAzureEntitlement[]> {
        return (await this.http.request('GET', `${customerPath(tenantId)}/azureEntitlements`, { schema: PcCollection(PcAzureEntitlement) })).data.items;
    }

    async azurePlan(tenantId: string): Promise<PcAzurePlanState> {
        return (await this.http.request('GET', `${customerPath(tenantId)}/azurePlan`, { schema: PcAzurePlanState })).data;
    }

    /** Starts moving a legacy Azure offer to an Azure plan; repeating it while it runs is harmless. */
    async startAzurePlanTransition(tenantId: string): Promise<PcAzurePlanState> {
        return (await this.http.request('POST', `${customerPath(tenantId)}/azurePlan/transition`, { schema: PcAzurePlanState, expect: [200, 202], idempotent: true })).data;
    }

    async overage(tenantId: string): Promise<OverageCollection> {
        return (await this.http.request('GET', `${customerPath(tenantId)}/subscriptions/overage`, { schema: OverageCollection })).data;
    }

    /** Asks for the change; Partner Center applies it asynchronously (poll `overage`). A PUT of the same state is idempotent. */
    async updateOverage(tenantId: string, update: OverageUpdate): Promise<OverageItem> {
        return (await this.http.request('PUT', `${customerPath(tenantId)}/subscriptions/overage`, { schema: OverageItem, body: OverageUpdate.parse(update), expect: [200, 202] })).data;
    }

    /**
     * A Control Panel Vendor's request that Partner Center consent its app in
     * the customer's tenant (POST /v1/customers/{id}/applicationconsents).
     * Partner Center answers 409 when the app holds that consent already:
     * `granted` either way. Safe to repeat (a repeat is that 409), so retried as a read is.
     */
    async requestApplicationConsent(tenantId: string, consent: PcApplicationConsent): Promise<{ granted: 'now' | 'already'; consent: PcApplicationConsent | null }> {
        try {
            const res = await this.http.request('POST', `${customerPath(tenantId)}/applicationconsents`, { schema: PcApplicationConsent.nullish(), body: PcApplicationConsent.parse(consent), expect: [200, 201], idempotent: true });
            return { granted: 'now', consent: res.data ?? null };
        } catch (err) {
            if (err instanceof UpstreamHttpError && err.status === 409) return { granted: 'already', consent: null };
            throw err;
        }
    }
}

/** Partner Center's error body, when an UpstreamHttpError carries one: its code (e.g. `owned-by-another-partner`). */
export function partnerCenterErrorCode(problem: unknown): string | undefined {
    const parsed = z.object({ code: z.union([z.string(), z.number()]) }).safeParse(problem);
    return parsed.success ? String(parsed.data.code) : undefined;
}
