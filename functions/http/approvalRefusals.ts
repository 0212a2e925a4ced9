// Why an approval link cannot take an answer, in words a party can act on.
// The codes are stable; the pages and problem details share them.
import type { ApprovalCheck } from '../../shared/features/handover/approvalToken';
import { ApprovalView, handoverStanding, partyLabel } from './approvalView';

/** A refusal as both a person and a program can act on it. */
export interface Refusal {
    status: number;
    /** Stable: approval-link-invalid|expired|used, handover-not-found|closed|already-decided, invalid-request, body-too-large, or a fault's code. */
    code: string;
    /** The page's heading. */
    title: string;
    detail: string;
    remedy: string;
    issues?: Array<{ path: string; message: string }>;
}

const ASK_AGAIN = 'Ask the partner who requested the handover to send the request again.';

export function linkRefused(check: Extract<ApprovalCheck, { ok: false }>): Refusal {
    return check.code === 'approval-link-expired'
        ? { status: 410, code: check.code, title: 'This approval link has expired', detail: check.detail, remedy: 'Ask the partner who requested the handover to start a new one; this request can no longer be approved.' }
        : { status: 400, code: check.code, title: 'This approval link does not work', detail: check.detail, remedy: 'Open the link exactly as it came in the mail (some mail programs break long links); if it still fails, ask the partner who requested the handover to send the request again.' };
}

export function handoverNotFound(): Refusal {
    return { status: 404, code: 'handover-not-found', title: 'This handover was not found', detail: 'The handover this link belongs to does not exist (any more).', remedy: ASK_AGAIN };
}

/** `runEnded`: the document still waits, but the run that would record the answer is gone. */
export function handoverClosed(view: ApprovalView, runEnded = false): Refusal {
    return {
        status: 409, code: 'handover-closed', title: 'This handover takes no more answers',
        detail: runEnded
            ? 'This handover has ended and takes no more answers. Your answer was not recorded.'
            : `The handover is ${view.status}: ${handoverStanding(view)} Your answer was not recorded.`,
        remedy: view.status === 'switching' || view.status === 'completed' ? 'Nothing to do.' : 'Start a new handover request if the parties now agree.',
    };
}

export function alreadyDecided(view: ApprovalView): Refusal {
    const previous = view.decision!;
    return {
        status: 409, code: 'handover-already-decided', title: 'You have already answered',
        detail: `${capital(partyLabel(view.party))} already ${previous.decision} this handover on ${previous.at}; each party answers once.`,
        remedy: previous.decision === 'declined' ? 'Start a new handover request if the parties now agree.' : 'Nothing to do; the approval stands.',
    };
}

export function linkUsed(): Refusal {
    return {
        status: 409, code: 'approval-link-used', title: 'This link has already been used',
        detail: 'An answer was already sent with this link (or with another link for the same party); each party answers once.',
        remedy: 'Open the link again to see where the handover stands.',
    };
}

function capital(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
