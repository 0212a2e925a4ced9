// A party's answer: JSON from a program, or the page's own form post
// (application/x-www-form-urlencoded). Read up to MAX_BODY_BYTES only.
import type { HttpRequest } from '@azure/functions';
import { ApprovalAnswer } from '../../shared/core/handover/approvalAnswer';
import type { Refusal } from './approvalRefusals';
import { isFormPost } from './approvalReply';
import { readCapped } from './body';

/** A 1000-character reason, percent-encoded from multi-byte text, stays well below this. */
const MAX_BODY_BYTES = 16 * 1024;


const EXAMPLE = '{"decision":"approve"|"decline","reason":"<optional, up to 1000 characters>"}';

export async function readAnswer(req: HttpRequest): Promise<{ answer: ApprovalAnswer } | { refused: Refusal }> {
    const text = await readCapped(req, MAX_BODY_BYTES);
    if (text === undefined) {
        return { refused: { status: 413, code: 'body-too-large', title: 'Your answer is too long', detail: `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, remedy: 'Shorten the reason to 1000 characters or fewer and send it again.' } };
    }
    let body: unknown;
    if (isFormPost(req)) {
        body = Object.fromEntries(new URLSearchParams(text));
    } else {
        try {
            body = text ? JSON.parse(text) : undefined;
        } catch {
            body = undefined;
        }
    }
    if (body === undefined) return { refused: invalid('The body must be a JSON object or a form.', []) };
    const parsed = ApprovalAnswer.safeParse(body);
    if (parsed.success) return { answer: parsed.data };
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
    return { refused: invalid(`The answer is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues) };
}

function invalid(detail: string, issues: Refusal['issues']): Refusal {
    return { status: 400, code: 'invalid-request', title: 'Your answer could not be read', detail, remedy: `Choose Approve or Decline, or send ${EXAMPLE}.`, ...(issues?.length ? { issues } : {}) };
}
