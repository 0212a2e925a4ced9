// Step 7: Communications Credits balance and auto-recharge.
import { readCredits } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const readCreditsActivity = implement(readCredits, async ({ customerTenantId, caller }, { microsoft }) => ({ credits: (await microsoft(caller).credits.credits(customerTenantId)).credits }));
