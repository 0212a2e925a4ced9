// The simulated Partner Center REST API (the paths the app's client uses),
// enforcing Microsoft's rules: only admin agents of the transacting partner
// change overage, only the first-purchase partner (or the current assignee)
// may assign it, a legacy Azure offer must move to a plan first (MCA needed),
// and updates complete asynchronously.
import { OVERAGE_RESOURCE_GROUP, type Customer } from '../shared/domain/customer';
import { OverageUpdate, toOverageCollection } from '../shared/domain/partnerCenter';
import { checkEligibility } from '../shared/domain/rules/eligibility';
import { checkOwnership } from '../shared/domain/rules/ownership';
import { preflightBlockers } from '../shared/domain/rules/preflight';
import { canManageOverage, canReadOverage } from '../shared/domain/rules/roles';
import type { Partner } from '../shared/domain/partner';
import type { PcAgentRoles, PcAzureEntitlement, PcAzurePlanState, PcCustomer, PcPartnerProfile, PcSubscription } from '../shared/partnerCenter/schemas';
import { OutgoingHttp } from '../local/http/respond';
import { isCustomerOf, overageOwnerOf, visibleSubscriptions } from './relationships';
import { json, problem, Router, SimRequest } from './router';
import { Acting, AUDIENCES, isResponse, SimulatedAuth } from './simulatedAuth';
import { SimulatorState } from './simulatorState';

const SERVICE = 'PhoneServices' as const;

export function partnerCenterApi(state: SimulatorState, auth: SimulatedAuth): Router {
    /** Runs `fn` for an authenticated caller and, when the path names one, a customer of theirs. */
    const withCustomer = (fn: (a: Acting, c: Customer, req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp) => async (req: SimRequest) => {
        const acting = await auth.acting(req, AUDIENCES.partnerCenter);
        if (isResponse(acting)) return acting;
        const customer = state.customer(req.params.tenantId);
        if (!customer || !isCustomerOf(state.world, acting.partner, customer)) {
            return problem(404, 'customer-not-found', `No customer ${req.params.tenantId} for partner ${acting.partner.id}.`);
        }
        return fn(acting, customer, req);
    };
    const collection = <T>(items: T[]) => ({ totalCount: items.length, items, attributes: { objectType: 'Collection' as const } });

    return new Router()
        .on('GET', '/v1/profiles/partner', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.partnerCenter);
            return isResponse(acting) ? acting : json(200, profile(acting.partner));
        })
        .on('GET', '/v1/relationships', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.partnerCenter);
            if (isResponse(acting)) return acting;
            if (req.url.searchParams.get('relationship_type') !== 'IsIndirectCloudSolutionProviderOf') {
                return problem(400, 'invalid-relationship-type', 'relationship_type must be IsIndirectCloudSolutionProviderOf.');
            }
            const resellers = acting.partner.kind === 'indirectProvider' ? state.world.partners.filter((p) => p.kind === 'indirectReseller' && p.providerId === acting.partner.id) : [];
            return json(200, collection(resellers.map((p) => ({
                id: p.id, name: p.name, relationshipType: 'IsIndirectResellerOf', state: 'Active', mpnId: p.id, attributes: { objectType: 'PartnerRelationship' as const },
            }))));
        })
        .on('GET', '/v1/agents/{upn}/roles', async (req) => {
            const acting = await auth.acting(req, AUDIENCES.partnerCenter);
            if (isResponse(acting)) return acting;
            const agent = acting.partner.agents.find((a) => a.upn.toLowerCase() === req.params.upn.toLowerCase());
            if (!agent) return problem(404, 'agent-not-found', `${req.params.upn} is not an agent of partner ${acting.partner.id}.`);
            return json(200, { upn: agent.upn, roles: agent.roles } satisfies PcAgentRoles);
        })
        .on('GET', '/v1/customers/{tenantId}', withCustomer((_a, c) => json(200, customerView(c))))
        .on('GET', '/v1/customers/{tenantId}/subscriptions', withCustomer((a, c) =>
            json(200, collection(visibleSubscriptions(state.world, a.partner, c).map(subscriptionView)))))
        .on('GET', '/v1/customers/{tenantId}/azureEntitlements', withCustomer((_a, c) =>
            json(200, collection(c.azure.kind === 'none' ? [] : c.azure.entitlements.map((e): PcAzureEntitlement => ({ id: e.id, friendlyName: e.name, status: 'active', subscriptionType: c.azure.kind === 'legacy' ? 'MS-AZR-0145P' : 'AzurePlan' }))))))
        .on('GET', '/v1/customers/{tenantId}/azurePlan', withCustomer((_a, c) => json(200, azurePlanView(state, c))))
        .on('POST', '/v1/customers/{tenantId}/azurePlan/transition', withCustomer(async (a, c) => {
            const manage = canManageOverage(a.caller, a.partner);
            if (!manage.allowed) return problem(403, manage.code, manage.detail);
            if (c.azure.kind !== 'legacy') return problem(409, 'no-legacy-offer', `${c.name} has no legacy Azure offer to move (Azure state: ${c.azure.kind}).`);
            if (!c.azure.mcaAccepted) return problem(409, 'mca-not-accepted', `${c.name} has not accepted the Microsoft Customer Agreement, which the move to an Azure plan requires.`);
            if (state.transitionStatus(c.tenantId) !== 'inProgress') await state.scheduleTransition(c.tenantId, state.world.delays.planTransitionMs);
            return json(202, azurePlanView(state, c));
        }))
        .on('GET', '/v1/customers/{tenantId}/subscriptions/overage', withCustomer((a, c) => {
            const read = canReadOverage(a.caller, a.partner);
            if (!read.allowed) return problem(403, read.code, read.detail);
            return json(200, toOverageCollection(overageView(c)));
        }))
        .on('PUT', '/v1/customers/{tenantId}/subscriptions/overage', withCustomer(async (a, c, req) => {
            const parsed = OverageUpdate.safeParse(req.json());
            if (!parsed.success) return problem(400, 'invalid-request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
            const refusal = refuseUpdate(state, a, c, parsed.data);
            if (refusal) return refusal;
            const actingFor = parsed.data.partnerId ?? a.partner.id;
            const setting = { type: SERVICE, partnerId: actingFor, azureEntitlementId: parsed.data.overageEnabled ? parsed.data.azureEntitlementId : null, overageEnabled: parsed.data.overageEnabled };
            await state.scheduleOverage(c.tenantId, setting, state.world.delays.overageUpdateMs);
            return json(202, toOverageCollection([setting]).items[0]);
        }));
}

/** Why Partner Center would refuse this overage update, or undefined. */
function refuseUpdate(state: SimulatorState, a: Acting, c: Customer, update: OverageUpdate): OutgoingHttp | undefined {
    const onBehalfOf = update.partnerId && update.partnerId !== a.partner.id ? state.partner(update.partnerId) : null;
    if (update.partnerId && update.partnerId !== a.partner.id && !onBehalfOf) return problem(400, 'unknown-partner', `Partner ${update.partnerId} is unknown.`);
    const provider = a.partner.providerId ? state.partner(a.partner.providerId) : null;
    const manage = canManageOverage(a.caller, a.partner, { provider, onBehalfOf });
    if (!manage.allowed) return problem(403, manage.code, manage.detail);
    const eligibility = checkEligibility(c);
    if (!eligibility.eligible) return problem(409, eligibility.code, eligibility.detail);
    const ownership = checkOwnership(c, SERVICE, manage.actingForPartnerId);
    if (!ownership.allowed) return problem(403, ownership.code, ownership.detail);
    if (!update.overageEnabled) return undefined;
    const blockers = preflightBlockers({ partner: a.partner, customer: c, resourceGroup: OVERAGE_RESOURCE_GROUP });
    if (blockers.length) return problem(blockers[0].code === 'conditional-access-blocked' ? 401 : 403, blockers[0].code, blockers[0].detail);
    if (c.azure.kind !== 'plan') return problem(409, 'azure-plan-required', `${c.name} has no Azure plan (Azure state: ${c.azure.kind}); overage charges need a subscription under one.`);
    if (!c.azure.entitlements.some((e) => e.id.toLowerCase() === update.azureEntitlementId?.toLowerCase())) {
        return problem(400, 'entitlement-not-found', `${update.azureEntitlementId} is not an Azure subscription of ${c.name}.`);
    }
    return undefined;
}

/** The overage records Partner Center shows: the stored setting, or (before any) the first purchaser's record, not yet on. */
function overageView(c: Customer): Customer['overage'] {
    const owner = overageOwnerOf(c, SERVICE);
    const setting = c.overage.find((o) => o.type === SERVICE);
    if (setting?.overageEnabled || !owner) return c.overage;
    return [...c.overage.filter((o) => o.type !== SERVICE), { type: SERVICE, partnerId: owner, azureEntitlementId: null, overageEnabled: false }];
}

function profile(p: Partner): PcPartnerProfile {
    return { partnerId: p.id, companyName: p.name, partnerType: p.kind, indirectProviderId: p.providerId, isSandbox: p.sandbox, sandboxAzurePlanAccess: p.sandboxAzurePlanAccess };
}

function customerView(c: Customer): PcCustomer {
    return {
        id: c.tenantId, companyProfile: { tenantId: c.tenantId, companyName: c.name, email: c.adminContact },
        billingProfile: { defaultAddress: { country: c.country } }, relationshipToPartner: 'reseller', attributes: { objectType: 'Customer' },
    };
}

function subscriptionView(s: Customer['subscriptions'][number]): PcSubscription {
    return {
        id: s.id, offerName: s.sku, quantity: s.quantity, consumptionType: s.consumptionType, creationDate: s.purchasedAt,
        partnerId: s.partnerId, status: 'active', callingPlan: s.plan, attributes: { objectType: 'Subscription' },
    };
}

function azurePlanView(state: SimulatorState, c: Customer): PcAzurePlanState {
    return { state: c.azure.kind, mcaAccepted: c.azure.mcaAccepted, transition: state.transitionStatus(c.tenantId) };
}
