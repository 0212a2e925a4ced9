// Step 7: Communications Credits balance and auto-recharge.
import { readCredits } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const readCreditsActivity = implement(readCredits, async ({ customerTenantId, agent }, { microsoft }) => ({ credits: (await microsoft(agent).credits.credits(customerTenantId)).credits }));
