// The pages a party sees from its approval link: the request with its form,
// where an answer went, and why a link does not work. Plain HTML that works
// without JavaScript (the CSP allows none) and reads at phone and desktop widths.
import { html, Html, utcTime } from './approvalHtml';
import type { Refusal } from './approvalRefusals';
import { AnswerOutcome, ApprovalView, handoverStanding, listParties, outcomeSummary } from './approvalView';

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1b;background:#f3f4f6}
body{margin:0}
main{box-sizing:border-box;max-width:44rem;min-height:100vh;margin:0 auto;padding:1.25rem 1rem 3rem;background:#fff}
@media (min-width:48rem){main{min-height:0;margin:2.5rem auto;padding:2rem 2.5rem;border:1px solid #d1d5db;border-radius:8px}}
.eyebrow{margin:0;color:#4b5563;font-size:.875rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase}
h1{margin:.25rem 0 1rem;font-size:1.5rem;line-height:1.25}
h2{margin:1.75rem 0 .5rem;font-size:1.125rem}
dl{margin:1.25rem 0;border-top:1px solid #d1d5db}
dl>div{padding:.6rem 0;border-bottom:1px solid #d1d5db}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
@media (min-width:40rem){dl>div{display:grid;grid-template-columns:11rem 1fr;gap:1rem}}
.party,.notice{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid}
.party{background:#eef2ff;border-color:#3730a3}
.notice{background:#fef3c7;border-color:#92400e}
label{display:block;font-weight:600}
.hint,.fine{color:#4b5563;font-size:.875rem}
.hint{margin:.125rem 0 .375rem}
textarea{box-sizing:border-box;display:block;width:100%;margin:0 0 1rem;padding:.5rem;border:1px solid #6b7280;border-radius:4px;font:inherit}
.actions{display:flex;flex-wrap:wrap;gap:.75rem}
button{min-width:9rem;padding:.7rem 1.5rem;border:2px solid transparent;border-radius:4px;font:inherit;font-weight:600;cursor:pointer}
.approve{background:#166534;color:#fff}
.decline{background:#fff;color:#991b1b;border-color:#991b1b}
button:focus-visible,textarea:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
code{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:.875em;overflow-wrap:anywhere}
dd code{display:inline-block;max-width:100%}
`;

function layout(title: string, body: Html): Html {
    return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – Telco overage handover</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
<p class="eyebrow">Telco overage handover</p>
${body}
</main>
</body>
</html>
`;
}

function facts(view: ApprovalView): Html {
    const requester = view.requestedBy.partnerName ? `${view.requestedBy.upn} (${view.requestedBy.partnerName})` : view.requestedBy.upn;
    const chargesTo = view.chargesTo.kind === 'new'
        ? html`a new Azure subscription${view.chargesTo.subscriptionName ? html` named “${view.chargesTo.subscriptionName}”` : ''}, created under ${view.to.name}’s Azure plan for the customer`
        : html`the customer’s Azure subscription <code>${view.chargesTo.azureEntitlementId}</code>`;
    return html`<dl>
<div><dt>Customer</dt><dd>${view.customer.name} <span class="fine">(tenant <code>${view.customer.tenantId}</code>)</span></dd></div>
<div><dt>Service</dt><dd>${view.serviceLabel}</dd></div>
<div><dt>Current partner</dt><dd>${view.from.name} <span class="fine">(partner ${view.from.partnerId})</span></dd></div>
<div><dt>New partner</dt><dd>${view.to.name} <span class="fine">(partner ${view.to.partnerId})</span></dd></div>
<div><dt>Charges will go to</dt><dd>${chargesTo}</dd></div>
<div><dt>Requested by</dt><dd>${requester} on ${utcTime(view.requestedAt)}</dd></div>
<div><dt>Answer by</dt><dd>${utcTime(view.expiresAt)}</dd></div>
${view.decision ? html`<div><dt>Your answer</dt><dd>${view.decision.decision === 'approved' ? 'Approved' : 'Declined'} on ${utcTime(view.decision.at)}${view.decision.reason ? html`: “${view.decision.reason}”` : ''}</dd></div>` : ''}
${view.awaiting.length ? html`<div><dt>Still awaited</dt><dd>${capital(listParties(view.awaiting))}</dd></div>` : ''}
</dl>`;
}

function answerForm(): Html {
    return html`<form method="post">
<h2>Your answer</h2>
<label for="reason">Reason (optional)</label>
<p class="hint" id="reason-hint">Recorded with your answer. Up to 1000 characters.</p>
<textarea id="reason" name="reason" rows="4" maxlength="1000" aria-describedby="reason-hint"></textarea>
<div class="actions">
<button type="submit" name="decision" value="approve" class="approve">Approve</button>
<button type="submit" name="decision" value="decline" class="decline">Decline</button>
</div>
</form>
<p class="fine">Nothing changes until all three parties have approved. Then the current partner sets the overage to None and the new partner assigns its subscription.</p>`;
}

/** Why there is no form: this party answered, its answer is on its way, or the handover is over. */
function noForm(view: ApprovalView, pending: boolean): Html {
    if (view.decision) {
        const verb = view.decision.decision === 'approved' ? 'approved' : 'declined';
        return html`<p class="notice" role="status">You ${verb} this handover for ${view.partyLabel} on ${utcTime(view.decision.at)}; each party answers once.</p>
<p>${view.status === 'awaiting-approvals' ? `Still awaited: ${listParties(view.awaiting)}.` : handoverStanding(view)}</p>`;
    }
    if (pending && view.status === 'awaiting-approvals') {
        return html`<p class="notice" role="status">Your answer was received and is being processed. Open this link again in a minute to see where the handover stands.</p>`;
    }
    return html`<p class="notice" role="status">${handoverStanding(view)} It takes no more answers.</p>
${view.outcome ? html`<p>${view.outcome.detail}${view.outcome.remedy ? html` ${view.outcome.remedy}` : ''}</p>` : ''}`;
}

/** GET: the request, and the form while this party can still answer; else, first, why not (a reopened link shows where things stand at the top, not below the facts). */
export function requestPage(view: ApprovalView, pending = false): Html {
    // a question only while it can still be answered here
    const title = view.canAnswer && !pending
        ? `Hand over ${view.customer.name}’s overage to ${view.to.name}?`
        : `Handover of ${view.customer.name}’s overage to ${view.to.name}`;
    return layout(title, html`<h1>${title}</h1>
<p>${view.requestedBy.upn} asks to move the telco overage of ${view.customer.name} from ${view.from.name} to ${view.to.name}. The current partner, the new partner and the customer must all approve.</p>
<p class="party">${view.canAnswer && !pending ? 'You are answering as' : 'This link is for'} <strong>${view.partyLabel}</strong> (${view.partyName}).</p>
${view.canAnswer && !pending ? html`${facts(view)}
${answerForm()}` : html`${noForm(view, pending)}
${facts(view)}`}`);
}

/** POST: what became of the answer. */
export function outcomePage(outcome: AnswerOutcome): Html {
    const { title, detail } = outcomeSummary(outcome);
    const { view } = outcome;
    return layout(title, html`<h1>${title}</h1>
<p role="status">${detail}</p>
<p class="party">You answered as <strong>${view.partyLabel}</strong> (${view.partyName}) for ${view.customer.name}’s handover from ${view.from.name} to ${view.to.name}.</p>
${facts(view)}
<p class="fine">You can close this page. The link shows where the handover stands until ${utcTime(view.expiresAt)}.</p>`);
}

export function errorPage(r: Refusal): Html {
    return layout(r.title, html`<h1>${r.title}</h1>
<p>${r.detail}</p>
<p><strong>What to do:</strong> ${r.remedy}</p>
${r.issues?.length ? html`<ul>${r.issues.map((i) => html`<li>${i.path}: ${i.message}</li>`)}</ul>` : ''}
<p class="fine">Reference: <code>${r.code}</code></p>`);
}

function capital(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
