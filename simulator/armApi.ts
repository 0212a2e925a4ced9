// The simulated Azure Resource Manager surface: billing customers and their
// subscriptions under a partner's Microsoft Partner Agreement billing account
// (what @azure/arm-billing reads), and subscription aliases
// (Microsoft.Subscription/aliases: PUT answers Accepted, polling later says Succeeded).
import { z } from 'zod';
import type { Customer } from '../shared/domain/customer';
import { preflightBlockers } from '../shared/domain/rules/preflight';
import type { Partner } from '../shared/domain/partner';
import { billingAccountOf } from '../shared/billing/billingAccount';
import { OutgoingHttp } from '../local/http/respond';
import { isCustomerOf, partnersActingFor } from './relationships';
import { json, problem, Router, SimRequest } from './router';
import { Acting, AUDIENCES, isResponse, SimulatedAuth } from './simulatedAuth';
import { Alias, SimulatorState } from './simulatorState';

const BILLING = '/providers/Microsoft.Billing/billingAccounts';
const AZURE_PLAN = { skuId: '0001', skuDescription: 'Microsoft Azure Plan' };

const AliasRequest = z.object({
    properties: z.object({
        displayName: z.string().min(1).max(64),
        workload: z.enum(['Production', 'DevTest']),
        billingScope: z.string(),
        resellerId: z.string().optional(),
    }),
});

export function armApi(state: SimulatorState, auth: SimulatedAuth): Router {
    /** The caller must be the partner that owns the billing account in the path. */
    const onAccount = (fn: (a: Acting, req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp) => async (req: SimRequest) => {
        const acting = await auth.acting(req, AUDIENCES.arm);
        if (isResponse(acting)) return acting;
        if (req.params.account !== billingAccountOf(acting.partner.id)) {
            return problem(403, 'AuthorizationFailed', `Partner ${acting.partner.id} has no access to billing account ${req.params.account}.`);
        }
        return fn(acting, req);
    };
    const customerOf = (a: Acting, name: string) => {
        const c = state.customer(name);
        return c && isCustomerOf(state.world, a.partner, c) ? c : undefined;
    };

    return new Router()
        .on('GET', `${BILLING}/{account}/customers`, onAccount((a, req) =>
            json(200, { value: state.world.customers.filter((c) => isCustomerOf(state.world, a.partner, c)).map((c) => customerResource(req.params.account, c, state.world.partners, a.partner)) })))
        .on('GET', `${BILLING}/{account}/customers/{customer}`, onAccount((a, req) => {
            const c = customerOf(a, req.params.customer);
            return c ? json(200, customerResource(req.params.account, c, state.world.partners, a.partner)) : problem(404, 'ResourceNotFound', `Customer ${req.params.customer} not found.`);
        }))
        .on('GET', `${BILLING}/{account}/customers/{customer}/billingSubscriptions`, onAccount((a, req) => {
            const c = customerOf(a, req.params.customer);
            if (!c) return problem(404, 'ResourceNotFound', `Customer ${req.params.customer} not found.`);
            return json(200, { value: c.azure.kind === 'plan' ? c.azure.entitlements.map((e) => subscriptionResource(req.params.account, c, e)) : [] });
        }))
        .on('PUT', '/providers/Microsoft.Subscription/aliases/{alias}', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.arm);
            if (isResponse(acting)) return acting;
            const existing = state.alias(req.params.alias);
            if (existing) return json(200, aliasResource(existing)); // PUT is idempotent per alias name
            const body = AliasRequest.safeParse(req.json());
            if (!body.success) return problem(400, 'InvalidRequestContent', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
            const scope = /^\/providers\/Microsoft\.Billing\/billingAccounts\/([^/]+)\/customers\/([^/]+)$/i.exec(body.data.properties.billingScope);
            if (!scope) return problem(400, 'InvalidBillingScope', 'billingScope must be /providers/Microsoft.Billing/billingAccounts/{account}/customers/{customer}.');
            if (scope[1] !== billingAccountOf(acting.partner.id)) return problem(403, 'AuthorizationFailed', `Partner ${acting.partner.id} has no access to billing account ${scope[1]}.`);
            const c = customerOf(acting, scope[2]);
            if (!c) return problem(404, 'ResourceNotFound', `Customer ${scope[2]} not found.`);
            const refusal = refuseSubscription(state, acting.partner, c, body.data.properties.resellerId);
            if (refusal) return refusal;
            const alias = await state.addAlias({
                name: req.params.alias, billingScope: body.data.properties.billingScope, displayName: body.data.properties.displayName,
                workload: body.data.properties.workload, resellerId: body.data.properties.resellerId, tenantId: c.tenantId,
            }, state.world.delays.aliasCreationMs);
            return json(201, aliasResource(alias), { 'retry-after': '1' });
        })
        .on('GET', '/providers/Microsoft.Subscription/aliases/{alias}', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.arm);
            if (isResponse(acting)) return acting;
            const alias = state.alias(req.params.alias);
            return alias ? json(200, aliasResource(alias)) : problem(404, 'ResourceNotFound', `Alias ${req.params.alias} not found.`);
        });
}

function refuseSubscription(state: SimulatorState, partner: Partner, c: Customer, resellerId: string | undefined): OutgoingHttp | undefined {
    if (c.azure.kind === 'legacy') return problem(409, 'LegacyOfferNotSupported', `${c.name} is on the legacy Azure offer MS-AZR-0145P; move it to an Azure plan first.`);
    const sandbox = preflightBlockers({ partner, customer: c }).find((b) => b.code === 'sandbox-no-azure-plan');
    if (c.azure.kind === 'none' && sandbox) return problem(403, sandbox.code, sandbox.detail);
    if (c.azure.kind === 'none' && !c.azure.mcaAccepted) return problem(409, 'mca-not-accepted', `${c.name} must accept the Microsoft Customer Agreement before it can get an Azure plan.`);
    if (resellerId && !partnersActingFor(state.world, partner).has(resellerId)) return problem(400, 'InvalidResellerId', `${resellerId} is not a reseller of partner ${partner.id}.`);
    return undefined;
}

function customerResource(account: string, c: Customer, partners: Partner[], viewer: Partner) {
    const resellers = [...new Set(c.subscriptions.map((s) => s.partnerId))]
        .map((id) => partners.find((p) => p.id === id))
        .filter((p): p is Partner => !!p && p.kind === 'indirectReseller' && p.providerId === viewer.id)
        .map((p) => ({ resellerId: p.id, description: p.name }));
    return {
        id: `${BILLING}/${account}/customers/${c.tenantId}`, name: c.tenantId, type: 'Microsoft.Billing/billingAccounts/customers',
        properties: { displayName: c.name, billingProfileId: `${BILLING}/${account}/billingProfiles/${account}-bp`, billingProfileDisplayName: 'Partner billing profile', enabledAzurePlans: c.azure.kind === 'plan' ? [AZURE_PLAN] : [], resellers },
    };
}

function subscriptionResource(account: string, c: Customer, e: Customer['azure']['entitlements'][number]) {
    return {
        id: `${BILLING}/${account}/customers/${c.tenantId}/billingSubscriptions/${e.id}`, name: e.id, type: 'Microsoft.Billing/billingAccounts/customers/billingSubscriptions',
        properties: { displayName: e.name, subscriptionId: e.id, subscriptionBillingStatus: 'Active', customerId: c.tenantId, customerDisplayName: c.name, skuId: AZURE_PLAN.skuId, skuDescription: AZURE_PLAN.skuDescription },
    };
}

function aliasResource(a: Alias) {
    return {
        id: `/providers/Microsoft.Subscription/aliases/${a.name}`, name: a.name, type: 'Microsoft.Subscription/aliases',
        properties: { provisioningState: a.provisioningState, ...(a.provisioningState === 'Succeeded' ? { subscriptionId: a.subscriptionId } : {}) },
    };
}
