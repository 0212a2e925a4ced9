// The licence capability a call is made under (Graph's `licenseCapability`,
// the usage report's "Capability"), from the calling plan a licence carries:
// the names Microsoft's PSTN usage report documents.
import type { LicenseSubscription } from '../world';

export type CallingPlan = NonNullable<LicenseSubscription['plan']>;

/**
 * MCOPSTN1 (domestic, 3,000 minutes in North America / 1,200 in Europe),
 * MCOPSTN5 and MCOPSTN6 (domestic, 120 and 240 minutes), MCOPSTN2 (domestic
 * and international), MCOMEETADD (Audio Conferencing). A Pay-As-You-Go plan's
 * minutes are charged to Communications Credits: MCOPSTNPP.
 */
export function capabilityOf(plan: CallingPlan): string {
    switch (plan.kind) {
        case 'domestic':
            return plan.minutesPerLicense === 120 ? 'MCOPSTN5' : plan.minutesPerLicense === 240 ? 'MCOPSTN6' : 'MCOPSTN1';
        case 'domesticInternational':
            return 'MCOPSTN2';
        case 'payg':
            return 'MCOPSTNPP';
        case 'audioConferencing':
            return 'MCOMEETADD';
    }
}
