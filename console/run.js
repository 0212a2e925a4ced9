// A run of a customer's overage (enable, switch off, a handover's switch):
// where it stands in words ("Step 3 of 9 · Creating the Azure subscription ·
// 12 seconds"), its outcome in one word once it ended, what blocked it or what
// to watch, and its audit trail.
import { html, useEffect, useMemo, useRef, useState } from './vendor/htm-preact.js';
import { ApiError, ok } from './api.js';
import { CopyId, When } from './format.js';
import { Problem } from './problem.js';
import { auditResultWords, codeRemedy, codeTitle, knownCode, runKindWords, runOutcome, stepWords } from './messages.js';
import { durationText } from './words.js';

export const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** Blockers or warnings by the catalogue's title, the server's detail of this case, and what to do. */
export function Findings({ items, kind }) {
    if (!items?.length) return null;
    return html`
        <ul class=${`findings ${kind}`}>
            ${items.map((f) => (typeof f === 'string' ? { detail: f } : f)).map((f, i) => html`
                <li key=${`${f.code}-${i}`} data-code=${f.code}>
                    <p>${f.code && html`<strong class="finding-title">${codeTitle(f.code)}</strong> `}${f.detail}</p>
                    ${(f.remedy || codeRemedy(f.code)) && html`<p class="remedy"><span class="label">What to do:</span> ${f.remedy || codeRemedy(f.code)}</p>`}
                </li>`)}
        </ul>`;
}

/** An audit detail that begins with a code ("gdap-missing: …", as runs record a blocker): the code's title instead. */
const auditDetail = (detail) => String(detail ?? '').replace(/\b([a-z0-9]+(?:-[a-z0-9]+)+): /g, (all, code) => (knownCode(code) ? `${codeTitle(code)}: ` : all));

function Audit({ token, url }) {
    const [events, setEvents] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        ok(token, 'GET', url).then((r) => setEvents(r.body.items), setError);
    }, [url]);
    return html`
        <section class="audit" aria-labelledby="audit-h">
            <h3 id="audit-h">Audit trail</h3>
            <${Problem} error=${error} />
            ${events === null && !error && html`<p class="loading" role="status">Loading the audit trail…</p>`}
            ${events && html`
                <ol class="events">
                    ${[...events].reverse().map((e) => html`
                        <li key=${e.id} data-step=${e.step}><${When} at=${e.at} /> <strong class="step">${stepWords(e.step)}</strong> <span class=${`result ${e.result}`}>${auditResultWords(e.result)}</span> <span>${auditDetail(e.detail)}</span> <span class="muted">(${e.actor?.upn})</span></li>`)}
                </ol>`}
        </section>`;
}

/** How long the run has run: the app's figure as last read, counted on by the browser each second while it runs. */
function useElapsed(run, ended) {
    const readAt = useMemo(() => Date.now(), [run]);
    const [, setTick] = useState(0);
    useEffect(() => {
        if (ended) return undefined;
        const timer = setInterval(() => setTick((n) => n + 1), 1000);
        return () => clearInterval(timer);
    }, [ended]);
    if (typeof run.elapsedMs !== 'number') return null;
    return run.elapsedMs + (ended ? 0 : Date.now() - readAt);
}

/** Where a running run stands: "Step 3 of 9 · Creating the Azure subscription". */
function stepLine(run) {
    const at = stepWords(run.step);
    return run.progress ? `Step ${run.progress.step} of ${run.progress.of} · ${at}` : at;
}

/** The subscription the run charges overage to, by name where the resource gives one. */
function Subscription({ run }) {
    if (run.azureSubscriptionName) return html`${run.azureSubscriptionName} <${CopyId} id=${run.azureEntitlementId} what="subscription id" />`;
    return html`<${CopyId} id=${run.azureEntitlementId} what="subscription id" />`;
}

/** Brings a newly shown run into view (without motion when the reader asked for less), then moves focus to it. */
function useShown(run, section, heading) {
    useEffect(() => {
        const still = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
        section.current?.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
        heading.current?.focus({ preventScroll: true });
    }, [run.id]);
}

export function Run({ token, run }) {
    const [showAudit, setShowAudit] = useState(false);
    const section = useRef(null);
    const heading = useRef(null);
    useShown(run, section, heading);
    useEffect(() => setShowAudit(false), [run.id]);
    const ended = ENDED.has(run.status);
    const elapsed = useElapsed(run, ended);
    const audit = run.links?.audit && new URL(run.links.audit);
    return html`
        <section class="run" aria-labelledby="run-h" ref=${section}>
            <h3 id="run-h" tabindex="-1" ref=${heading}>${runKindWords(run.kind)}</h3>
            <p class="run-line">
                <span class="run-status" aria-live="polite" aria-atomic="true">${ended
                    ? html`<strong class=${`run-result ${run.result ?? run.status}`}>${runOutcome(run)}</strong>`
                    : stepLine(run)}</span>
                ${elapsed !== null && html` · <span class="run-elapsed">${ended ? `took ${durationText(elapsed)}` : durationText(elapsed)}</span>`}
            </p>
            <dl class="facts">
                ${!ended && run.waitingFor && html`<dt>Waiting for</dt><dd>${run.waitingFor}${run.until ? html`, at most until <${When} at=${run.until} />` : ''}</dd>`}
                ${run.azureEntitlementId && html`<dt>Subscription</dt><dd><${Subscription} run=${run} /></dd>`}
                ${run.postpaidActive !== undefined && ended && html`<dt>Post-paid billing active</dt><dd>${run.postpaidActive ? 'Yes' : 'No'}</dd>`}
                ${run.partnerName && html`<dt>For partner</dt><dd>${run.partnerName}</dd>`}
                <dt>Started</dt><dd><${When} at=${run.startedAt} />${run.requestedBy ? ` by ${run.requestedBy}` : ''} · <${CopyId} id=${run.id} what="run id" /></dd>
            </dl>
            ${run.error && html`<${Problem} error=${new ApiError(0, run.error)} />`}
            ${run.blockers?.length > 0 && html`<h4>Blockers</h4><${Findings} items=${run.blockers} kind="blockers" />`}
            ${run.warnings?.length > 0 && html`<h4>Warnings</h4><${Findings} items=${run.warnings} kind="warnings" />`}
            ${audit && html`<button type="button" class="secondary" aria-expanded=${showAudit} onClick=${() => setShowAudit(!showAudit)}>${showAudit ? 'Hide the audit trail' : 'Show the audit trail'}</button>`}
            ${showAudit && html`<${Audit} token=${token} url=${audit.pathname + audit.search} />`}
        </section>`;
}
