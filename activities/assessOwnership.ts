// Step 3: rule 4 over what Partner Center shows. Its overage record names the
// partner that manages overage (the assignee, or the first purchaser, whose
// purchase this partner may not see), so a partner that is not the owner is
// refused here, before anything is created. A record its holder set to None
// (which the app knows from having recorded that holder's assignment) names
// no owner any more.
import { isGivenUp, ownerOnRecord, ownershipOf } from '../shared/domain/rules/ownership';
import { microsoftClients } from '../shared/microsoftClients';
import { adoptSetting, recordedSetting } from '../shared/overage/recordSetting';
import { licenseSubscriptions } from '../shared/partnerCenter/toDomain';
import { getStateStore } from '../shared/runtime';
import { assessOwnership } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(assessOwnership, async ({ customerTenantId, agent, service, actingForPartnerId }) => {
    const pc = microsoftClients(agent).partnerCenter;
    const [overage, subscriptions, recorded] = await Promise.all([
        pc.overage(customerTenantId), pc.subscriptions(customerTenantId), recordedSetting(getStateStore(), customerTenantId, service),
    ]);
    const current = overage.items.find((i) => i.type === service) ?? null;
    await adoptSetting(getStateStore(), customerTenantId, service, current);
    const givenUp = isGivenUp(current ?? undefined, recorded?.partnerId);
    const owner = ownerOnRecord(current ?? undefined, licenseSubscriptions(subscriptions), service, givenUp);
    const check = ownershipOf(owner, customerTenantId, service, actingForPartnerId);
    return check.allowed ? { ok: true as const, current } : { ok: false as const, blocker: { code: check.code, detail: check.detail, remedy: check.remedy } };
});
