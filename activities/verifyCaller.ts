// Step 1: the agent's roles as Partner Center holds them, its partner's
// account, a named reseller's relationship with that partner, and the
// partner's relationship with the customer.
import { AgentRole } from '../shared/domain/partner';
import { UpstreamNotFoundError } from '../shared/http';
import { microsoftClients } from '../shared/microsoftClients';
import { managePermission } from '../shared/overage/managePermission';
import { refusalOf } from '../shared/partnerCenter/refusals';
import { customerFacts, partnerFacts } from '../shared/partnerCenter/toDomain';
import { verifyCaller } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(verifyCaller, async ({ customerTenantId, agent, onBehalfOfPartnerId }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const roles = await pc.agentRoles(agent.upn).then((r) => r.roles, (err: unknown) => {
        if (err instanceof UpstreamNotFoundError) return [] as AgentRole[];
        throw err;
    });
    const { profile, permission } = await managePermission(pc, { ...agent, roles }, onBehalfOfPartnerId);
    if (!permission.allowed) return { ok: false as const, blocker: { code: permission.code, detail: permission.detail, remedy: permission.remedy } };
    try {
        const customer = customerFacts(await pc.customer(customerTenantId));
        return { ok: true as const, partner: partnerFacts(profile), actingForPartnerId: permission.actingForPartnerId, customer };
    } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return { ok: false as const, blocker: refusal };
        throw err;
    }
});
