// The simulated Communications Credits reader: balance and auto-recharge of a
// partner's customer.
import type { CreditsView } from '../shared/credits/schemas';
import { isCustomerOf } from './relationships';
import { json, problem, Router } from './router';
import { AUDIENCES, isResponse, SimulatedAuth } from './simulatedAuth';
import { SimulatorState } from './simulatorState';

export function creditsApi(state: SimulatorState, auth: SimulatedAuth): Router {
    return new Router().on('GET', '/v1/customers/{tenantId}/communicationsCredits', async (req) => {
        const acting = await auth.acting(req, AUDIENCES.partnerCenter);
        if (isResponse(acting)) return acting;
        const c = state.customer(req.params.tenantId);
        if (!c || !isCustomerOf(state.world, acting.partner, c)) return problem(404, 'customer-not-found', `No customer ${req.params.tenantId} for partner ${acting.partner.id}.`);
        return json(200, { tenantId: c.tenantId, credits: c.credits } satisfies CreditsView);
    });
}
