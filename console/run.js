// A run of a customer's overage (enable, switch off, a handover's switch):
// where it stands, what blocked it or what to watch, and its audit trail.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { ApiError, ok } from './api.js';
import { When } from './format.js';
import { Problem } from './problem.js';

export const ENDED = new Set(['completed', 'failed', 'cancelled']);

export function Findings({ items, kind }) {
    if (!items?.length) return null;
    return html`
        <ul class=${`findings ${kind}`}>
            ${items.map((f) => (typeof f === 'string' ? { code: 'note', detail: f } : f)).map((f, i) => html`
                <li key=${`${f.code}-${i}`}>
                    <p><span class="code">${f.code}</span> ${f.detail}</p>
                    ${f.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${f.remedy}</p>`}
                </li>`)}
        </ul>`;
}

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
                        <li key=${e.id}><${When} at=${e.at} /> <span class="code">${e.step}</span> <span class=${`result ${e.result}`}>${e.result}</span> <span>${e.detail}</span> <span class="muted">(${e.actor?.upn})</span></li>`)}
                </ol>`}
        </section>`;
}

export function Run({ token, run }) {
    const [showAudit, setShowAudit] = useState(false);
    const heading = useRef(null);
    useEffect(() => { heading.current?.focus(); setShowAudit(false); }, [run.id]);
    const ended = ENDED.has(run.status);
    return html`
        <section class="run" aria-labelledby="run-h">
            <h3 id="run-h" tabindex="-1" ref=${heading}>Run <span class="mono">${run.id}</span></h3>
            <dl class="facts" aria-live="polite">
                <dt>Status</dt><dd class="run-status">${run.status}</dd>
                ${!ended && html`<dt>Step</dt><dd>${run.step ?? '—'}</dd>`}
                ${!ended && html`<dt>Waiting for</dt><dd>${run.waitingFor ?? 'nothing'}</dd>`}
                ${run.result && html`<dt>Result</dt><dd class="run-result"><span class=${`badge ${run.result}`}>${run.result}</span></dd>`}
                ${run.azureEntitlementId && html`<dt>Subscription</dt><dd class="mono">${run.azureEntitlementId}</dd>`}
                ${run.postpaidActive !== undefined && ended && html`<dt>Post-paid billing active</dt><dd>${run.postpaidActive ? 'yes' : 'no'}</dd>`}
            </dl>
            ${run.error && html`<${Problem} error=${new ApiError(0, run.error)} />`}
            ${run.blockers?.length > 0 && html`<h4>Blockers</h4><${Findings} items=${run.blockers} kind="blockers" />`}
            ${run.warnings?.length > 0 && html`<h4>Warnings</h4><${Findings} items=${run.warnings} kind="warnings" />`}
            ${run.links?.audit && html`<button type="button" class="secondary" aria-expanded=${showAudit} onClick=${() => setShowAudit(!showAudit)}>${showAudit ? 'Hide the audit trail' : 'Show the audit trail'}</button>`}
            ${showAudit && html`<${Audit} token=${token} url=${new URL(run.links.audit).pathname + new URL(run.links.audit).search} />`}
        </section>`;
}

