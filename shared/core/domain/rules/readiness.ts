// Fleet readiness: where a customer stands for one partner and service, from
// the same rules an enablement applies (eligibility, ownership, preflight,
// credits), so the fleet view and a run never disagree about a blocker. It
// tells "on" from "on, but credits still pay", "could be switched on now"
// from "blocked, and why", and the customers another partner manages.
import { z } from 'zod';
import { Blocker, BlockerCode } from '../findings';
import type { CreditsAssessment } from './credits';
import type { Eligibility } from './eligibility';
import type { OwnershipCheck } from './ownership';

export const READINESS_STATES = ['on', 'on-credits-first', 'ready', 'blocked', 'owned-by-another-partner', 'not-eligible'] as const;
export const ReadinessState = z.enum(READINESS_STATES);
export type ReadinessState = z.infer<typeof ReadinessState>;

/** A read the assessment needed was refused or failed: the state cannot be told, and saying "ready" would be a guess. */
export const UNKNOWN_BLOCKER = 'unknown';
export const ReadinessBlockerCode = z.union([BlockerCode, z.literal(UNKNOWN_BLOCKER)]);
export type ReadinessBlockerCode = z.infer<typeof ReadinessBlockerCode>;
export const ReadinessBlocker = Blocker.extend({ code: ReadinessBlockerCode });
export type ReadinessBlocker = z.infer<typeof ReadinessBlocker>;

export interface ReadinessFacts {
    /** The partner whose view this is: for an indirect provider looking at a reseller's customer, the reseller. */
    actingForPartnerId: string;
    /** Partner Center's overage record for the service. */
    overage: { enabled: boolean; partnerId: string } | null;
    eligibility: Eligibility;
    ownership: OwnershipCheck;
    /** With the customer's overage as it is now. */
    credits: CreditsAssessment;
    /** Rule 8's blockers and any read that could not be made; undefined when they were not looked at (the state did not need them). */
    preflight?: ReadinessBlocker[];
}

export interface Readiness {
    state: ReadinessState;
    blockers: ReadinessBlocker[];
}

/** Whether the preflight reads are needed to tell the state: only for a customer the partner could switch on. */
export function needsPreflight(f: Omit<ReadinessFacts, 'preflight'>): boolean {
    return !f.overage?.enabled && f.eligibility.eligible && f.ownership.allowed;
}

export function assessReadiness(f: ReadinessFacts): Readiness {
    const { overage } = f;
    if (overage?.enabled) {
        if (overage.partnerId !== f.actingForPartnerId && !f.ownership.allowed) return { state: 'owned-by-another-partner', blockers: [ownershipBlocker(f.ownership)] };
        // on: credits (a balance, or auto-recharge refilling it) may still pay before post-paid billing starts
        return f.credits.postpaidActive ? { state: 'on', blockers: [] } : { state: 'on-credits-first', blockers: [...f.credits.blockers] };
    }
    if (!f.eligibility.eligible) return { state: 'not-eligible', blockers: [pick(f.eligibility)] };
    if (!f.ownership.allowed) return { state: 'owned-by-another-partner', blockers: [ownershipBlocker(f.ownership)] };
    const preflight = f.preflight ?? [];
    return preflight.length ? { state: 'blocked', blockers: preflight } : { state: 'ready', blockers: [] };
}

/** The blocker a read that could not be made leaves, with what to do about it. */
export function unknownBlocker(what: string, why: string): ReadinessBlocker {
    return {
        code: UNKNOWN_BLOCKER,
        detail: `Could not read ${what}: ${why}.`,
        remedy: 'Check the access this app has to the customer (GDAP roles, Azure RBAC), then refresh the customer or wait for the next sync.',
    };
}

function ownershipBlocker(o: OwnershipCheck): ReadinessBlocker {
    if (o.allowed) throw new Error('an allowed ownership check has no blocker');
    return pick(o);
}

function pick(b: { code: ReadinessBlockerCode; detail: string; remedy: string }): ReadinessBlocker {
    return { code: b.code, detail: b.detail, remedy: b.remedy };
}
