// Step 7: Communications Credits balance and auto-recharge.
import { microsoftClients } from '../shared/microsoftClients';
import { readCredits } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(readCredits, async ({ customerTenantId, agent }) => ({ credits: (await microsoftClients(agent).credits.credits(customerTenantId)).credits }));
