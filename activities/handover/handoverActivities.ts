// The activities of a handover's own steps (shared/core/steps/handoverSteps.ts):
// its document and its mails. Its Partner Center and Azure steps are the
// overage activities. Registered once, with the app's dependencies (functions/index.ts).
import type { Dependencies } from '../../shared/adapters/dependencies';
import { registerActivities } from '../implement';
import { saveHandoverActivity } from './saveHandover';
import { sendHandoverMailActivity } from './sendHandoverMail';

export const handoverActivities = [saveHandoverActivity, sendHandoverMailActivity] as const;

export function registerHandoverActivities(deps: Dependencies): void {
    registerActivities(handoverActivities, deps);
}
