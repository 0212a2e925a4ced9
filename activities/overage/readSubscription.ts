// Step 6, read back: the subscription alias createSubscription asked for, until Azure has provisioned it.
import { readSubscription } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const readSubscriptionActivity = implement(readSubscription, async ({ caller, aliasName }, { microsoft }) => (await microsoft(caller).aliases.get(aliasName)).properties);
