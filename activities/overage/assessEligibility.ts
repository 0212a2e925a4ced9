// Step 2: rule 1 over the subscriptions Partner Center shows the partner.
import { checkEligibility } from '../../shared/core/domain/rules/eligibility';
import { licenseSubscriptions } from '../../shared/adapters/partnerCenter/toDomain';
import { assessEligibility } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const assessEligibilityActivity = implement(assessEligibility, async ({ customerTenantId, caller }, { microsoft }) => {
    const pc = microsoft(caller).partnerCenter;
    const [customer, subscriptions] = await Promise.all([pc.customer(customerTenantId), pc.subscriptions(customerTenantId)]);
    const result = checkEligibility({ name: customer.companyProfile.companyName, subscriptions: licenseSubscriptions(subscriptions) });
    return result.eligible ? { ok: true as const } : { ok: false as const, blocker: { code: result.code, detail: result.detail, remedy: result.remedy } };
});
