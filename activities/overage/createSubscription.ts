// Step 6: a new Azure subscription for the customer through a subscription
// alias. The alias name comes from the run, so repeating this never makes a
// second subscription; the first one of a customer without Azure brings its
// (no-cost) Azure plan. readSubscription.ts reads the alias back.
import { customerBillingScope } from '../../shared/adapters/billing/subscriptionAliases';
import { createSubscription } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const createSubscriptionActivity = implement(createSubscription, async ({ customerTenantId, caller, aliasName, displayName, resellerId }, { microsoft }) => {
    const ms = microsoft(caller);
    const alias = await ms.aliases.put({ aliasName, displayName, billingScope: customerBillingScope(ms.billingAccount(caller.partnerId), customerTenantId), resellerId });
    return alias.properties;
});
