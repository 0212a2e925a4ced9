// Step 3: rule 4 over what Partner Center shows: the current assignment and
// the purchases this partner can see. (Partner Center itself also refuses a
// later purchaser when overage is set, for purchases only it can see.)
import { checkOwnership } from '../shared/domain/rules/ownership';
import { microsoftClients } from '../shared/microsoftClients';
import { asLicenseSubscriptions } from '../shared/partnerCenter/licenseSubscriptions';
import { assessOwnership } from '../orchestrations/steps';
import { implement } from './implement';

implement(assessOwnership, async ({ customerTenantId, agent, service, actingForPartnerId }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const [overage, subscriptions] = await Promise.all([pc.overage(customerTenantId), pc.subscriptions(customerTenantId)]);
    const current = overage.items.find((i) => i.type === service) ?? null;
    const check = checkOwnership({ tenantId: customerTenantId, subscriptions: asLicenseSubscriptions(subscriptions), overage: overage.items }, service, actingForPartnerId);
    return check.allowed ? { ok: true as const, current } : { ok: false as const, blocker: { code: check.code, detail: check.detail, remedy: check.remedy } };
});
