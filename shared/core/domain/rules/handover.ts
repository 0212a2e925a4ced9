// Rule 6: moving overage from partner A to partner B. All three parties (A, B
// and the customer) must approve; any one of them can decline; an unanswered
// request expires. Only after all three approved do the two changes happen,
// in order: A sets overage to None, then B assigns its own subscription.
//
// A pure state machine: every input carries its time (`at`), there is no clock.
import { z } from 'zod';
import { blocker, type BlockerOf } from '../findings';
import { compareInstants, Guid, IsoDateTime, PartnerId } from '../primitives';
import { ServiceType } from '../subscription';
import { AzureTarget } from './azurePlan';

/** How long a handover request waits for its approvals unless the caller says otherwise. */
export const DEFAULT_HANDOVER_VALIDITY_MS = 14 * 24 * 60 * 60 * 1000;

export const HandoverParty = z.enum(['currentPartner', 'newPartner', 'customer']);
export type HandoverParty = z.infer<typeof HandoverParty>;
export const HANDOVER_PARTIES: readonly HandoverParty[] = HandoverParty.options;

export const HandoverDecision = z.object({
    decision: z.enum(['approved', 'declined']),
    at: IsoDateTime,
    /** Who answered for the party (UPN or mail), for the audit trail. */
    by: z.string().min(1).optional(),
    /** Why, in the party's words (a decline usually says). */
    reason: z.string().max(1000).optional(),
});
export type HandoverDecision = z.infer<typeof HandoverDecision>;

/**
 * pending → declined | expired | agreed;  agreed → noneSet (A set None) → completed (B assigned).
 */
export const HandoverStatus = z.enum(['pending', 'declined', 'expired', 'agreed', 'noneSet', 'completed']);
export type HandoverStatus = z.infer<typeof HandoverStatus>;

export const Handover = z.object({
    id: z.string().min(1),
    customerTenantId: Guid,
    type: ServiceType,
    fromPartnerId: PartnerId,
    toPartnerId: PartnerId,
    /** The subscription B will assign: one of the customer's entitlements, or `'new'`. */
    toAzureTarget: AzureTarget,
    requestedAt: IsoDateTime,
    expiresAt: IsoDateTime,
    status: HandoverStatus,
    decisions: z.object({
        currentPartner: HandoverDecision.nullable(),
        newPartner: HandoverDecision.nullable(),
        customer: HandoverDecision.nullable(),
    }),
    noneSetAt: IsoDateTime.nullable(),
    completedAt: IsoDateTime.nullable(),
});
export type Handover = z.infer<typeof Handover>;

export interface HandoverRequest {
    id: string;
    customerTenantId: string;
    type: ServiceType;
    /** The current owner (see resolveOwner). */
    fromPartnerId: string;
    toPartnerId: string;
    toAzureTarget: AzureTarget;
    /** When the request is made. */
    at: string;
    /** How long approvals may take; DEFAULT_HANDOVER_VALIDITY_MS if omitted. */
    validForMs?: number;
}

export type HandoverEvent =
    | { kind: 'decision'; party: HandoverParty; decision: 'approve' | 'decline'; at: string; by?: string; reason?: string }
    /** A scheduled check: expires a pending request whose time is up. */
    | { kind: 'tick'; at: string }
    /** A has set overage to None. */
    | { kind: 'noneSet'; at: string }
    /** B has assigned its subscription. */
    | { kind: 'assigned'; at: string };

export type HandoverResult =
    | { ok: true; handover: Handover }
    /** The request was refused; `handover` is the state after it (it may have just expired). */
    | ({ ok: false; handover: Handover } & BlockerOf<'handover-expired' | 'handover-closed' | 'handover-already-decided' | 'handover-out-of-order'>);

export type HandoverStep =
    | { kind: 'awaitingApprovals'; missing: HandoverParty[] }
    | { kind: 'setNone'; partnerId: string }
    | { kind: 'assign'; partnerId: string; azureTarget: AzureTarget }
    | { kind: 'done' }
    | { kind: 'closed'; reason: 'declined' | 'expired'; declinedBy?: HandoverParty[] };

export function openHandover(request: HandoverRequest): { ok: true; handover: Handover } | ({ ok: false } & BlockerOf<'handover-same-partner'>) {
    if (request.fromPartnerId === request.toPartnerId) {
        return {
            ok: false,
            ...blocker('handover-same-partner',
                `Partner ${request.fromPartnerId} already manages overage for this customer; there is nothing to hand over.`,
                'Change the assignment directly (reassign or set to None) instead of starting a handover.'),
        };
    }
    const validFor = request.validForMs ?? DEFAULT_HANDOVER_VALIDITY_MS;
    if (!(validFor > 0)) throw new RangeError(`validForMs must be positive, got ${validFor}`);
    const requested = Date.parse(request.at);
    if (Number.isNaN(requested)) throw new RangeError(`not an ISO instant: ${request.at}`);
    return {
        ok: true,
        handover: {
            id: request.id,
            customerTenantId: request.customerTenantId,
            type: request.type,
            fromPartnerId: request.fromPartnerId,
            toPartnerId: request.toPartnerId,
            toAzureTarget: request.toAzureTarget,
            requestedAt: request.at,
            expiresAt: new Date(requested + validFor).toISOString(),
            status: 'pending',
            decisions: { currentPartner: null, newPartner: null, customer: null },
            noneSetAt: null,
            completedAt: null,
        },
    };
}

/** True when a pending request's time is up at `at` (the expiry instant itself is too late). */
export function isExpired(handover: Handover, at: string): boolean {
    return handover.status === 'pending' && compareInstants(at, handover.expiresAt) >= 0;
}

export function applyHandoverEvent(handover: Handover, event: HandoverEvent): HandoverResult {
    switch (event.kind) {
        case 'tick':
            return { ok: true, handover: isExpired(handover, event.at) ? { ...handover, status: 'expired' } : handover };
        case 'decision':
            return decide(handover, event);
        case 'noneSet':
            if (handover.status !== 'agreed') return outOfOrder(handover, 'Overage can only be set to None once all three parties have approved.');
            return { ok: true, handover: { ...handover, status: 'noneSet', noneSetAt: event.at } };
        case 'assigned':
            if (handover.status !== 'noneSet') return outOfOrder(handover, 'The new partner can only assign its subscription after the current partner has set overage to None.');
            return { ok: true, handover: { ...handover, status: 'completed', completedAt: event.at } };
    }
}

/** What has to happen next; no change is proposed before all three approvals are in. */
export function nextHandoverStep(handover: Handover, at: string): HandoverStep {
    if (isExpired(handover, at)) return { kind: 'closed', reason: 'expired' };
    switch (handover.status) {
        case 'pending':
            return { kind: 'awaitingApprovals', missing: HANDOVER_PARTIES.filter((p) => handover.decisions[p] === null) };
        case 'declined':
            return { kind: 'closed', reason: 'declined', declinedBy: HANDOVER_PARTIES.filter((p) => handover.decisions[p]?.decision === 'declined') };
        case 'expired':
            return { kind: 'closed', reason: 'expired' };
        case 'agreed':
            return { kind: 'setNone', partnerId: handover.fromPartnerId };
        case 'noneSet':
            return { kind: 'assign', partnerId: handover.toPartnerId, azureTarget: handover.toAzureTarget };
        case 'completed':
            return { kind: 'done' };
    }
}

function decide(handover: Handover, event: Extract<HandoverEvent, { kind: 'decision' }>): HandoverResult {
    const previous = handover.decisions[event.party];
    if (previous !== null) {
        return {
            ok: false,
            handover,
            ...blocker('handover-already-decided',
                `The ${partyLabel(event.party)} already ${previous.decision} this handover on ${previous.at}; each party answers once.`,
                previous.decision === 'declined'
                    ? 'Start a new handover request if the parties now agree.'
                    : 'Nothing to do; the approval stands.'),
        };
    }
    if (handover.status === 'expired' || isExpired(handover, event.at)) {
        return {
            ok: false,
            handover: { ...handover, status: 'expired' },
            ...blocker('handover-expired',
                `This handover request expired at ${handover.expiresAt} before all three parties approved.`,
                'Start a new handover request and collect the three approvals before it expires.'),
        };
    }
    if (handover.status !== 'pending') {
        // only a declined request gets here: once agreed, all three have answered
        return {
            ok: false,
            handover,
            ...blocker('handover-closed',
                `This handover is ${handover.status}; it takes no more answers.`,
                'Start a new handover request if the parties now agree.'),
        };
    }
    const decisions = {
        ...handover.decisions,
        [event.party]: { decision: event.decision === 'approve' ? 'approved' : 'declined', at: event.at, ...(event.by ? { by: event.by } : {}), ...(event.reason ? { reason: event.reason } : {}) },
    } as Handover['decisions'];
    const status: HandoverStatus = event.decision === 'decline'
        ? 'declined'
        : HANDOVER_PARTIES.every((p) => decisions[p]?.decision === 'approved') ? 'agreed' : 'pending';
    return { ok: true, handover: { ...handover, decisions, status } };
}

function outOfOrder(handover: Handover, detail: string): HandoverResult {
    return {
        ok: false,
        handover,
        ...blocker('handover-out-of-order', `${detail} The handover is ${handover.status}.`, 'Follow the handover steps in order: three approvals, then None by the current partner, then the new assignment.'),
    };
}

function partyLabel(party: HandoverParty): string {
    return party === 'currentPartner' ? 'current partner' : party === 'newPartner' ? 'new partner' : 'customer';
}
