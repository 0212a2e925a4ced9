// Step 3: rule 4 over what Partner Center shows. Its overage record names the
// partner that manages overage (the assignee, or the first purchaser, whose
// purchase this partner may not see), so a partner that is not the owner is
// refused here, before anything is created. A record its holder set to None
// (which the app knows from having recorded that holder's assignment) names
// no owner any more.
import { ownershipOf } from '../../shared/core/domain/rules/ownership';
import { currentOwner } from '../../shared/features/overage/currentOwner';
import { assessOwnership } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const assessOwnershipActivity = implement(assessOwnership, async ({ customerTenantId, caller, service, actingForPartnerId }, { microsoft, stateStore }) => {
    const { current, owner } = await currentOwner(microsoft(caller).partnerCenter, stateStore, customerTenantId, service);
    const check = ownershipOf(owner, customerTenantId, service, actingForPartnerId);
    return check.allowed ? { ok: true as const, current } : { ok: false as const, blocker: { code: check.code, detail: check.detail, remedy: check.remedy } };
});
