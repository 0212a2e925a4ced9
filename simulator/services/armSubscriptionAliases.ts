// The simulated Microsoft.Subscription aliases (api-version 2021-10-01):
// creating an Azure subscription for a partner's customer under its billing
// scope. PUT answers 201 with provisioningState Accepted; polling the alias
// later says Succeeded with the subscription id. The alias name is the
// idempotency key: a repeated PUT answers 200 with the alias it made before.
import { z } from 'zod';
import { json, Router } from '../http/router';
import { refuseNewSubscription } from '../rules/azurePlan';
import { isCustomerOf } from '../rules/partnerAccounts';
import type { Alias } from '../state/cloudState';
import { API_VERSIONS, armCaller } from './armApiVersions';
import { BILLING_ACCOUNTS, billingAccountName } from './armBilling';
import { isAnswer, refused, ServiceContext } from './caller';
import { ARM } from './dialect';

const ALIASES = '/providers/Microsoft.Subscription/aliases';

const AliasRequest = z.object({
    properties: z.object({
        displayName: z.string().min(1).max(64),
        workload: z.enum(['Production', 'DevTest']),
        billingScope: z.string(),
        resellerId: z.string().min(1).optional(),
    }),
});

const CUSTOMER_SCOPE = new RegExp(`^${BILLING_ACCOUNTS.replace(/\./g, '\\.')}/([^/]+)/customers/([^/]+)$`, 'i');

export function registerArmSubscriptionAliases(router: Router, ctx: ServiceContext): Router {
    const { state } = ctx;
    return router
        .on('PUT', `${ALIASES}/{alias}`, async (req) => {
            const a = await armCaller(ctx, req, API_VERSIONS.subscriptionAliases);
            if (isAnswer(a)) return a;
            const existing = state.alias(a.partner.id, req.params.alias);
            if (existing) return json(200, aliasResource(existing));
            const body = AliasRequest.safeParse(req.json());
            if (!body.success) return ARM.badRequest(body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
            const { displayName, workload, billingScope, resellerId } = body.data.properties;
            const scope = CUSTOMER_SCOPE.exec(billingScope);
            if (!scope) return ARM.error(400, 'InvalidBillingScope', `billingScope must be ${BILLING_ACCOUNTS}/{billingAccountName}/customers/{customerName} for a Microsoft Partner Agreement.`);
            if (a.partner.kind === 'indirectReseller' || scope[1] !== billingAccountName(a.partner.id)) {
                return ARM.error(403, 'AuthorizationFailed', `Partner ${a.partner.id} does not have authorization to create subscriptions under billing account '${scope[1]}'.`);
            }
            const c = state.customer(scope[2]);
            if (!c || !isCustomerOf(state.world, a.partner, c)) return ARM.error(404, 'ResourceNotFound', `Customer '${scope[2]}' was not found under billing account '${scope[1]}'.`);
            const refusal = refuseNewSubscription(state.world, a.partner, c, resellerId);
            if (refusal) return refused(ARM, refusal);
            const alias = state.addAlias({ name: req.params.alias, partnerId: a.partner.id, billingScope, displayName, workload, resellerId, tenantId: c.tenantId }, state.world.delays.aliasCreationMs);
            return json(201, aliasResource(alias), { 'retry-after': '1' });
        })
        .on('GET', `${ALIASES}/{alias}`, async (req) => {
            const a = await armCaller(ctx, req, API_VERSIONS.subscriptionAliases);
            if (isAnswer(a)) return a;
            const alias = state.alias(a.partner.id, req.params.alias);
            return alias ? json(200, aliasResource(alias)) : ARM.error(404, 'ResourceNotFound', `The subscription alias '${req.params.alias}' was not found.`);
        });
}

function aliasResource(a: Alias) {
    return {
        id: `${ALIASES}/${a.name}`,
        name: a.name,
        type: 'Microsoft.Subscription/aliases',
        properties: {
            provisioningState: a.provisioningState,
            ...(a.provisioningState === 'Succeeded' ? { subscriptionId: a.subscriptionId } : {}),
            billingScope: a.billingScope,
            workload: a.workload,
            ...(a.resellerId ? { resellerId: a.resellerId } : {}),
            createdTime: a.createdAt,
        },
    };
}
