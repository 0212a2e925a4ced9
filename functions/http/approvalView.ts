// What an approval link shows its party: the handover as that party needs to
// judge it, built once from the handover document and rendered as a page or
// as JSON.
import type { StoredHandover, HandoverStatus } from '../../shared/core/handover/handoverSchemas';
import { HANDOVER_PARTIES, type HandoverDecision, type HandoverParty } from '../../shared/core/domain/rules/handover';

export interface ApprovalView {
    handoverId: string;
    party: HandoverParty;
    /** "the current partner", "the new partner", "the customer". */
    partyLabel: string;
    partyName: string;
    customer: { tenantId: string; name: string };
    service: string;
    serviceLabel: string;
    requestedBy: { upn: string; partnerId: string; partnerName: string | null };
    requestedAt: string;
    from: { partnerId: string; name: string };
    to: { partnerId: string; name: string };
    /** Where the new partner's overage charges will go. */
    chargesTo: { kind: 'existing'; azureEntitlementId: string } | { kind: 'new'; subscriptionName: string | null };
    expiresAt: string;
    status: HandoverStatus;
    /** This party's answer, once the run recorded it. */
    decision: HandoverDecision | null;
    /** The parties whose answer the run still waits for. */
    awaiting: HandoverParty[];
    /** What the handover came to, for one that did not complete. */
    outcome: { detail: string; remedy?: string } | null;
    /** True while the form makes sense: the handover waits and this party has not answered. */
    canAnswer: boolean;
}

const SERVICE_LABELS: Record<string, string> = {
    PhoneServices: 'Teams Phone, Calling Plans, Audio Conferencing and toll-free numbers (telco pay-as-you-go overage)',
};

export function partyLabel(party: HandoverParty): string {
    return party === 'currentPartner' ? 'the current partner' : party === 'newPartner' ? 'the new partner' : 'the customer';
}

export function partyName(record: StoredHandover, party: HandoverParty): string {
    return record.parties[party].name;
}

/** The mail address the party was asked at: who answers for it, in the signal and the audit trail. */
export function partyContact(record: StoredHandover, party: HandoverParty): string {
    return record.parties[party].contact;
}

/**
 * Where the handover stands for the parties. The run saves an answer (the state machine's step) before the
 * status that follows from it, so for a moment the document says 'awaiting-approvals' while its state is
 * already declined, agreed or expired: the state decides then.
 */
export function handoverStatus(record: StoredHandover): HandoverStatus {
    if (record.status !== 'awaiting-approvals') return record.status;
    switch (record.state.status) {
        case 'declined': return 'declined';
        case 'expired': return 'expired';
        case 'agreed': case 'noneSet': case 'completed': return 'switching';
        default: return record.status;
    }
}

export function awaitedParties(record: StoredHandover): HandoverParty[] {
    return handoverStatus(record) === 'awaiting-approvals' ? HANDOVER_PARTIES.filter((p) => record.state.decisions[p] === null) : [];
}

export function approvalView(record: StoredHandover, party: HandoverParty): ApprovalView {
    const { currentPartner, newPartner, customer } = record.parties;
    const requester = [currentPartner, newPartner].find((p) => p.partnerId === record.requestedBy.partnerId);
    const target = record.request.azureEntitlementId;
    const decision = record.state.decisions[party];
    const status = handoverStatus(record);
    return {
        handoverId: record.id,
        party,
        partyLabel: partyLabel(party),
        partyName: partyName(record, party),
        customer: { tenantId: customer.tenantId, name: customer.name },
        service: record.service,
        serviceLabel: SERVICE_LABELS[record.service] ?? record.service,
        requestedBy: { upn: record.requestedBy.upn, partnerId: record.requestedBy.partnerId, partnerName: requester?.name ?? null },
        requestedAt: record.requestedAt,
        from: { partnerId: currentPartner.partnerId, name: currentPartner.name },
        to: { partnerId: newPartner.partnerId, name: newPartner.name },
        chargesTo: target === 'new' ? { kind: 'new', subscriptionName: record.request.subscriptionName ?? null } : { kind: 'existing', azureEntitlementId: target },
        expiresAt: record.state.expiresAt,
        status,
        decision,
        awaiting: awaitedParties(record),
        outcome: record.outcome ? { detail: record.outcome.detail, ...(record.outcome.remedy ? { remedy: record.outcome.remedy } : {}) } : null,
        canAnswer: status === 'awaiting-approvals' && decision === null,
    };
}

/** One sentence on where a handover stands, for a party that can no longer answer. */
export function handoverStanding(view: Pick<ApprovalView, 'status' | 'from' | 'to' | 'expiresAt'>): string {
    switch (view.status) {
        case 'awaiting-approvals': return 'The handover is waiting for the approvals of all three parties.';
        case 'switching': return `All three parties approved; the overage is being moved from ${view.from.name} to ${view.to.name} now.`;
        case 'completed': return `The handover is complete: ${view.to.name} now manages the overage.`;
        case 'declined': return 'The handover was declined; nothing changed.';
        case 'expired': return 'The handover expired before all three parties approved; nothing changed.';
        case 'cancelled': return 'The handover was cancelled; nothing changed.';
        case 'blocked': return 'The handover was blocked when the overage was to be moved; nothing changed.';
        case 'failed': return 'The handover failed when the overage was to be moved; nothing changed.';
        case 'failed-after-none': return `The handover stopped after ${view.from.name} set the overage to None; ${view.to.name} has not taken it over yet.`;
    }
}

/** What became of a party's answer: the run recorded it, or has not shown it yet. */
export interface AnswerOutcome {
    state: 'recorded' | 'received';
    decision: 'approve' | 'decline';
    /** The handover as read after the answer. */
    view: ApprovalView;
}

export function listParties(parties: HandoverParty[]): string {
    const labels = parties.map(partyLabel);
    return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** A heading and a sentence on an answer, the same for the page and for JSON. */
export function outcomeSummary(outcome: AnswerOutcome): { title: string; detail: string } {
    const { view } = outcome;
    if (outcome.state === 'received') {
        return {
            title: 'Your answer was received',
            detail: 'It is being processed. Open this link again in a minute to see where the handover stands.',
        };
    }
    if (outcome.decision === 'decline') {
        return { title: 'You declined the handover', detail: handoverStanding(view) };
    }
    return {
        title: 'Your approval is recorded',
        detail: view.status === 'awaiting-approvals'
            ? `Still awaited: ${listParties(view.awaiting)}. Nothing changes until all three parties have approved.`
            : handoverStanding(view),
    };
}
