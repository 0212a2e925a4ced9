// What a call is, for the rating (rules 2 to 4 of the accrual): free or
// billable; for a billable call its meter category and destination key, the
// plan its capability belongs to, and the pool it may draw on.
import type { PlanKind, RatingRules, UsageCall } from './ratingModel';

export type CallClass =
    | { kind: 'free' }
    | {
        kind: 'billable';
        meterCategory: 'Teams Calling' | 'Teams Audio Conferencing' | 'Teams Toll-Free';
        /** The rate card's destination key: a country code, or `tollFree-<CC>`; null when the row does not say. */
        destination: string | null;
        /** null: a capability the rules do not know (a bad row at import). */
        plan: PlanKind | null;
        /** The pool that covers the call, if its plan covers it at all. */
        pool: { country: string; plan: PlanKind } | null;
    };

export function classifyCall(call: Pick<UsageCall, 'callType' | 'tollFree' | 'international' | 'destination' | 'userLocation' | 'capability'>, rules: RatingRules): CallClass {
    const plan = rules.capabilityPlans[call.capability] ?? null;
    const from = call.userLocation;
    if (rules.outboundCallTypes.includes(call.callType)) {
        const international = call.international ?? (call.destination !== null && from !== null && call.destination !== from);
        const covered = plan === 'domesticInternational' || (plan === 'domestic' && !international);
        return { kind: 'billable', meterCategory: 'Teams Calling', destination: call.destination, plan, pool: covered && from ? { country: from, plan } : null };
    }
    if (rules.dialOutCallTypes.includes(call.callType)) {
        const covered = plan === 'audioConferencing' && call.destination !== null && rules.zoneA.includes(call.destination);
        return { kind: 'billable', meterCategory: 'Teams Audio Conferencing', destination: call.destination, plan, pool: covered && from ? { country: from, plan } : null };
    }
    if (call.callType.endsWith('_in') && call.tollFree) {
        return { kind: 'billable', meterCategory: 'Teams Toll-Free', destination: from ? `tollFree-${from}` : null, plan, pool: null };
    }
    return { kind: 'free' };
}
