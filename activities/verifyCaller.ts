// Step 1: the agent's roles as Partner Center holds them, its partner's
// account, and the partner's relationship with the customer.
import { canManageOverage } from '../shared/domain/rules/roles';
import { AgentRole } from '../shared/domain/partner';
import { UpstreamNotFoundError } from '../shared/http';
import { microsoftClients } from '../shared/microsoftClients';
import { refusalOf } from '../shared/partnerCenter/refusals';
import { verifyCaller } from '../orchestrations/steps';
import { implement } from './implement';

implement(verifyCaller, async ({ customerTenantId, agent, onBehalfOfPartnerId }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const profile = await pc.partnerProfile();
    const roles = await pc.agentRoles(agent.upn).then((r) => r.roles, (err: unknown) => {
        if (err instanceof UpstreamNotFoundError) return [] as AgentRole[];
        throw err;
    });
    const partner = { id: profile.partnerId, name: profile.companyName, kind: profile.partnerType, providerId: profile.indirectProviderId, sandbox: profile.isSandbox, sandboxAzurePlanAccess: profile.sandboxAzurePlanAccess };
    // Partner Center names no reseller or provider details here: the ids are what we can state
    const onBehalfOf = onBehalfOfPartnerId ? { id: onBehalfOfPartnerId, name: `partner ${onBehalfOfPartnerId}`, kind: 'indirectReseller' as const, providerId: partner.id } : null;
    const permission = canManageOverage({ ...agent, roles }, partner, { onBehalfOf });
    if (!permission.allowed) return { ok: false as const, blocker: { code: permission.code, detail: permission.detail, remedy: permission.remedy } };
    try {
        const c = await pc.customer(customerTenantId);
        return {
            ok: true as const, partner, actingForPartnerId: permission.actingForPartnerId,
            customer: { tenantId: c.id, name: c.companyProfile.companyName, country: c.billingProfile.defaultAddress.country, adminContact: c.companyProfile.email ?? null },
        };
    } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return { ok: false as const, blocker: refusal };
        throw err;
    }
});
