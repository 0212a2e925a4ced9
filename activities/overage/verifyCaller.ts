// Step 1: the one authorisation, read afresh from Partner Center (the agent's
// roles, its partner's account, a named reseller's relationship with that
// partner, the partner's relationship with the customer), so what the run
// decides rests on what Partner Center said when the run began.
import { authorise } from '../../shared/features/access/authorise';
import { partnerCenterRoles } from '../../shared/features/access/agentRoles';
import { customerFacts, partnerFacts } from '../../shared/adapters/partnerCenter/toDomain';
import { verifyCaller } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const verifyCallerActivity = implement(verifyCaller, async ({ customerTenantId, caller, onBehalfOfPartnerId }, { microsoft }) => {
    const pc = microsoft(caller).partnerCenter;
    const allowed = await authorise(pc, caller, { access: 'manage', customerTenantId, onBehalfOfPartnerId }, { roles: partnerCenterRoles });
    if (!allowed.allowed) return { ok: false as const, blocker: allowed.refusal };
    return { ok: true as const, partner: partnerFacts(allowed.profile!), actingForPartnerId: allowed.actingForPartnerId!, customer: customerFacts(allowed.customer!) };
});
