// Step 6, read back: the subscription alias createSubscription asked for, until Azure has provisioned it.
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { readSubscription } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(readSubscription, async ({ agent, aliasName }) => (await microsoftClients(agent).aliases.get(aliasName)).properties);
