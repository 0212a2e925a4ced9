// The simulated Microsoft.Billing provider (api-version 2020-05-01), as
// @azure/arm-billing 4.1.0 reads it: the customers under a partner's
// Microsoft Partner Agreement billing account and the Azure subscriptions
// billed for each. Resources carry their fields under `properties`; lists are
// `{ value, nextLink }`.
import type { OutgoingHttp } from '../http/exchange';
import { page } from '../http/paging';
import { json, Router, SimRequest } from '../http/router';
import { isCustomerOf, resellersOf } from '../rules/partnerAccounts';
import type { Customer, Partner, World } from '../world';
import { API_VERSIONS, armCaller } from './armApiVersions';
import { Acting, isAnswer, ServiceContext } from './caller';
import { ARM } from './dialect';

export const BILLING_ACCOUNTS = '/providers/Microsoft.Billing/billingAccounts';

/** The Azure plan's published SKU. */
const AZURE_PLAN = { skuId: '0001', skuDescription: 'Microsoft Azure Plan' };

/** The simulator names a transacting partner's MPA billing account after it (real names are Microsoft's ids). */
export function billingAccountName(partnerId: string): string {
    return `${partnerId}:mpa`;
}

export function registerArmBilling(router: Router, ctx: ServiceContext): Router {
    const { state } = ctx;
    /** The caller must be the transacting partner the billing account belongs to. */
    const onAccount = (fn: (a: Acting, req: SimRequest) => OutgoingHttp) => async (req: SimRequest) => {
        const a = await armCaller(ctx, req, API_VERSIONS.billing);
        if (isAnswer(a)) return a;
        if (a.partner.kind === 'indirectReseller' || req.params.account !== billingAccountName(a.partner.id)) {
            return ARM.error(403, 'AuthorizationFailed', `Partner ${a.partner.id} does not have authorization to read billing account '${req.params.account}'.`);
        }
        return fn(a, req);
    };
    const customerOf = (a: Acting, req: SimRequest): Customer | undefined => {
        const c = state.customer(req.params.customer);
        return c && isCustomerOf(state.world, a.partner, c) ? c : undefined;
    };
    const notFound = (req: SimRequest) => ARM.error(404, 'ResourceNotFound', `Customer '${req.params.customer}' was not found under billing account '${req.params.account}'.`);

    return router
        .on('GET', `${BILLING_ACCOUNTS}/{account}/customers`, onAccount((a, req) => {
            const customers = state.customers().filter((c) => isCustomerOf(state.world, a.partner, c));
            // 2020-05-01 has no $expand on the list: plans and resellers come with customers.get only
            const { value, next } = page(req, customers.map((c) => customerResource(req.params.account, c, a.partner, state.world, [])), '$skiptoken');
            return json(200, { value, ...(next ? { nextLink: next } : {}) });
        }))
        .on('GET', `${BILLING_ACCOUNTS}/{account}/customers/{customer}`, onAccount((a, req) => {
            const c = customerOf(a, req);
            if (!c) return notFound(req);
            const expand = (req.url.searchParams.get('$expand') ?? '').split(',').map((x) => x.trim().toLowerCase());
            return json(200, customerResource(req.params.account, c, a.partner, state.world, ['enabledAzurePlans', 'resellers'].filter((x) => expand.includes(x.toLowerCase()))));
        }))
        .on('GET', `${BILLING_ACCOUNTS}/{account}/customers/{customer}/billingSubscriptions`, onAccount((a, req) => {
            const c = customerOf(a, req);
            if (!c) return notFound(req);
            // only an Azure plan's subscriptions are billed through the partner agreement; legacy-offer ones are not
            const subscriptions = c.azure.kind === 'plan' ? c.azure.entitlements.map((e) => billingSubscription(req.params.account, c, e)) : [];
            const { value, next } = page(req, subscriptions, '$skiptoken');
            return json(200, { value, ...(next ? { nextLink: next } : {}) });
        }));
}

function customerResource(account: string, c: Customer, viewer: Partner, world: World, expanded: string[]) {
    const sellers = new Set(c.subscriptions.map((s) => s.partnerId));
    const resellers = c.azure.kind !== 'plan' ? [] : resellersOf(world, viewer)
        .filter((r) => sellers.has(r.id))
        .map((r) => ({ resellerId: r.id, description: r.name }));
    return {
        id: `${BILLING_ACCOUNTS}/${account}/customers/${c.tenantId}`,
        name: c.tenantId,
        type: 'Microsoft.Billing/billingAccounts/customers',
        properties: {
            billingProfileId: `${BILLING_ACCOUNTS}/${account}/billingProfiles/${account}-bp`,
            billingProfileDisplayName: 'Partner billing profile',
            displayName: c.name,
            ...(expanded.includes('enabledAzurePlans') ? { enabledAzurePlans: c.azure.kind === 'plan' ? [AZURE_PLAN] : [] } : {}),
            ...(expanded.includes('resellers') ? { resellers } : {}),
        },
    };
}

function billingSubscription(account: string, c: Customer, e: Customer['azure']['entitlements'][number]) {
    return {
        id: `${BILLING_ACCOUNTS}/${account}/billingSubscriptions/${e.id}`,
        name: e.id,
        type: 'Microsoft.Billing/billingAccounts/billingSubscriptions',
        properties: {
            displayName: e.name,
            subscriptionId: e.id,
            subscriptionBillingStatus: 'Active',
            billingProfileId: `${BILLING_ACCOUNTS}/${account}/billingProfiles/${account}-bp`,
            billingProfileDisplayName: 'Partner billing profile',
            customerId: `${BILLING_ACCOUNTS}/${account}/customers/${c.tenantId}`,
            customerDisplayName: c.name,
            skuId: AZURE_PLAN.skuId,
            skuDescription: AZURE_PLAN.skuDescription,
        },
    };
}
