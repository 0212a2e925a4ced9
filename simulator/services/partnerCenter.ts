// The simulated Partner Center REST API: the reads the app makes (the
// partner's customer list a page at a time among them), the move
// from the legacy Azure offer to an Azure plan, and overage (GET and the
// asynchronous PUT), refused as rules/ decide.
import { z } from 'zod';
import { CONTINUATION_HEADER, CONTINUATION_TTL_MS, continuationToken, readContinuationToken, seekPage } from '../http/continuation';
import type { OutgoingHttp } from '../http/exchange';
import { json, Router, SimRequest } from '../http/router';
import { refuseOverageRead } from '../rules/agentRoles';
import { refuseTransition } from '../rules/azurePlan';
import { isRefusal, overageActingFor } from '../rules/overageActor';
import { overageRecordOf } from '../rules/overageRecord';
import { decideOverageUpdate } from '../rules/overageUpdate';
import { customersOf, isCustomerOf, providerOf, resellerOfSale, resellersOf, salesSeenBy } from '../rules/partnerAccounts';
import type { Customer } from '../world';
import { Acting, authenticate, isAnswer, refused, ServiceContext } from './caller';
import { PARTNER_CENTER as PC } from './dialect';
import {
    agentRolesView, azureEntitlementsView, azurePlanView, collection, customerView, legalBusinessProfile, overageItem, partnerProfile, partnerRelationship, seekCollection, subscriptionView,
} from './partnerCenterShapes';

const SERVICE = 'PhoneServices' as const;

/** `GET /v1/customers?size=`: the page size when none is asked for, and the largest served. */
export const CUSTOMER_PAGE = { default: 100, max: 500 } as const;

function pageSize(asked: string | null): number | string {
    if (asked === null || asked === '') return CUSTOMER_PAGE.default;
    const size = Number(asked);
    if (!Number.isInteger(size) || size < 1 || size > CUSTOMER_PAGE.max) return `size must be a whole number from 1 to ${CUSTOMER_PAGE.max} (got ${JSON.stringify(asked)}).`;
    return size;
}

/** The published update body; `partnerId` only in two-tier sales. */
const OverageUpdateBody = z.object({
    azureEntitlementId: z.guid().nullable(),
    partnerId: z.string().min(1).optional(),
    overageEnabled: z.boolean(),
}).refine((b) => !b.overageEnabled || b.azureEntitlementId !== null, { path: ['azureEntitlementId'], message: 'switching overage on names the Azure subscription its charges go to' });

export function partnerCenterRoutes(ctx: ServiceContext): Router {
    const { state } = ctx;
    const signedIn = (fn: (a: Acting, req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp) => async (req: SimRequest) => {
        const acting = await authenticate(ctx, req, PC);
        return isAnswer(acting) ? acting : fn(acting, req);
    };
    /** For paths naming a customer: it must be one of the caller's (or of its resellers'). */
    const ofCustomer = (fn: (a: Acting, c: Customer, req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp) => signedIn((a, req) => {
        const c = state.customer(req.params.tenantId);
        if (!c || !isCustomerOf(state.world, a.partner, c)) return PC.error(404, 'customer-not-found', `No customer ${req.params.tenantId} for partner ${a.partner.id}.`);
        return fn(a, c, req);
    });

    return new Router()
        .on('GET', '/v1/profiles/partner', signedIn((a) => json(200, partnerProfile(a.partner))))
        .on('GET', '/v1/profiles/legalbusiness', signedIn((a) => json(200, legalBusinessProfile(a.partner))))
        .on('GET', '/v1/relationships', signedIn((a, req) => {
            const type = req.url.searchParams.get('relationship_type');
            if (type === 'IsIndirectCloudSolutionProviderOf') return json(200, collection(resellersOf(state.world, a.partner).map((r) => partnerRelationship(r, 'IsIndirectResellerOf'))));
            if (type === 'IsIndirectResellerOf') {
                const provider = providerOf(state.world, a.partner);
                return json(200, collection(provider ? [partnerRelationship(provider, 'IsIndirectCloudSolutionProviderOf')] : []));
            }
            return PC.badRequest('relationship_type must be IsIndirectCloudSolutionProviderOf or IsIndirectResellerOf.');
        }))
        .on('GET', '/v1/agents/{upn}/roles', signedIn((a, req) => {
            const agent = a.partner.agents.find((x) => x.upn.toLowerCase() === req.params.upn.toLowerCase());
            if (!agent) return PC.error(404, 'agent-not-found', `${req.params.upn} is not an agent of partner ${a.partner.id}.`);
            return json(200, agentRolesView(agent.upn, agent.roles));
        }))
        .on('GET', '/v1/customers', signedIn((a, req) => {
            const size = pageSize(req.url.searchParams.get('size'));
            if (typeof size === 'string') return PC.badRequest(size);
            const token = req.headers[CONTINUATION_HEADER];
            let after: string | undefined;
            if (token !== undefined) {
                const position = readContinuationToken(token, a.partner.id, Date.now());
                if ('refused' in position) return PC.error(400, 'invalid-continuation-token', position.refused);
                after = position.after;
            }
            const page = seekPage(customersOf(state.world, a.partner), (c) => c.tenantId.toLowerCase(), after, size);
            const items = page.items.map((c) => customerView(c, resellerOfSale(state.world, a.partner, c)?.id));
            const next = page.lastKey === undefined ? undefined
                : { header: 'MS-ContinuationToken', token: continuationToken({ partnerId: a.partner.id, after: page.lastKey, expiresAt: Date.now() + CONTINUATION_TTL_MS }) };
            return json(200, seekCollection(items, '/v1/customers', size, next));
        }))
        .on('GET', '/v1/customers/{tenantId}', ofCustomer((a, c) => json(200, customerView(c, resellerOfSale(state.world, a.partner, c)?.id))))
        .on('GET', '/v1/customers/{tenantId}/subscriptions', ofCustomer((a, c) => {
            const seen = salesSeenBy(state.world, a.partner);
            return json(200, collection(c.subscriptions.filter((s) => seen.has(s.partnerId)).map(subscriptionView)));
        }))
        .on('GET', '/v1/customers/{tenantId}/azureEntitlements', ofCustomer((_a, c) => json(200, collection(azureEntitlementsView(c)))))
        .on('GET', '/v1/customers/{tenantId}/azurePlan', ofCustomer((_a, c) => json(200, azurePlanView(c, state.transitionStatus(c.tenantId)))))
        .on('POST', '/v1/customers/{tenantId}/azurePlan/transition', ofCustomer((a, c) => {
            const actor = overageActingFor(state.world, a);
            if (isRefusal(actor)) return refused(PC, actor);
            const refusal = refuseTransition(c);
            if (refusal) return refused(PC, refusal);
            // already on a plan: nothing to move, and a repeated request is told so
            if (c.azure.kind === 'plan') return json(200, azurePlanView(c, state.transitionStatus(c.tenantId)));
            if (state.transitionStatus(c.tenantId) !== 'inProgress') state.scheduleTransition(c.tenantId, state.world.delays.planTransitionMs);
            return json(202, azurePlanView(c, state.transitionStatus(c.tenantId)));
        }))
        .on('GET', '/v1/customers/{tenantId}/subscriptions/overage', ofCustomer((a, c) => {
            const refusal = refuseOverageRead(a.roles);
            if (refusal) return refused(PC, refusal);
            const record = overageRecordOf(c, SERVICE);
            return json(200, collection(record ? [overageItem(record)] : []));
        }))
        .on('PUT', '/v1/customers/{tenantId}/subscriptions/overage', ofCustomer((a, c, req) => {
            const body = OverageUpdateBody.safeParse(req.json());
            if (!body.success) return PC.badRequest(body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
            const update = { type: SERVICE, ...body.data };
            const decision = decideOverageUpdate(state.world, a, c, update);
            if (isRefusal(decision)) return refused(PC, decision);
            const record = { type: SERVICE, partnerId: decision.actingForPartnerId, azureEntitlementId: update.overageEnabled ? update.azureEntitlementId : null, overageEnabled: update.overageEnabled };
            state.scheduleOverage(c.tenantId, record, state.world.delays.overageUpdateMs);
            return json(202, overageItem(record));
        }));
}
