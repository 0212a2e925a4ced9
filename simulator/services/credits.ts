// The simulated Communications Credits reader: a customer's prepaid balance
// and auto-recharge. Microsoft publishes no partner API for it; the shape is
// modelled (docs/simulator.md) and taken with Partner Center tokens.
import { json, Router } from '../http/router';
import { isCustomerOf } from '../rules/partnerAccounts';
import { authenticate, isAnswer, ServiceContext } from './caller';
import { CREDITS } from './dialect';

export function creditsRoutes(ctx: ServiceContext): Router {
    const { state } = ctx;
    return new Router().on('GET', '/v1/customers/{tenantId}/communicationsCredits', async (req) => {
        const a = await authenticate(ctx, req, CREDITS);
        if (isAnswer(a)) return a;
        const c = state.customer(req.params.tenantId);
        if (!c || !isCustomerOf(state.world, a.partner, c)) return CREDITS.error(404, 'customer-not-found', `No customer ${req.params.tenantId} for partner ${a.partner.id}.`);
        return json(200, { tenantId: c.tenantId, credits: c.credits });
    });
}
