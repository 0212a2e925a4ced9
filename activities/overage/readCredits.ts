// Step 7: Communications Credits balance and auto-recharge.
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { readCredits } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(readCredits, async ({ customerTenantId, agent }) => ({ credits: (await microsoftClients(agent).credits.credits(customerTenantId)).credits }));
