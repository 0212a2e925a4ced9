// "Usage and the month" on a customer's page: where the customer's calls come
// from (the daily pull from Microsoft Graph, its state and what to do when the
// customer's tenant has not consented), and for an AdminAgent of the
// customer's partner the ways to bring calls in now (pull, or upload the
// usage report); and for everyone the way to a month, rated there (month.js).
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { ApiError, call, customerUrl, ok } from './api.js';
import { dateText, usageGlyph, usageWords } from './words.js';
import { Problem } from './problem.js';
import { ImportSummary } from './usageReport.js';
import { UsageUpload } from './usageUpload.js';
import { MonthPicker } from './monthPicker.js';

/** What to do when Microsoft Graph refuses the call log, in words (the API's remedy names its own routes). */
function ConsentRemedy({ usage }) {
    return html`
        <p>Microsoft Graph does not let the app read this customer’s calls: the customer’s tenant has not consented to it.</p>
        <p class="remedy"><span class="label">What to do:</span> ${usage.adminConsentUrl
            ? html`a Global Administrator of the customer’s tenant opens <a href=${usage.adminConsentUrl} rel="noreferrer" target="_blank">the consent page</a> and allows the app to read call records.`
            : 'this deployment names no app registration, so there is no consent page to send: whoever runs the app sets the partner’s app registration, then a Global Administrator of the customer’s tenant allows it to read call records.'}
        The next daily pull, or “Pull now”, then reads the calls since the last one.</p>`;
}

function UsageState({ usage }) {
    return html`
        <dl class="facts usage-state">
            <dt>Calls from Microsoft Graph</dt><dd><span class=${`badge usage-${usage.state}`}><span class="glyph" aria-hidden="true">${usageGlyph(usage.state)}</span> ${usageWords(usage.state)}</span></dd>
            <dt>Calls in up to</dt><dd>${usage.lastPulledThrough ? html`<time datetime=${usage.lastPulledThrough} title=${usage.lastPulledThrough}>${dateText(usage.lastPulledThrough)}</time>` : 'none yet'}</dd>
            ${usage.checkedAt && html`<dt>Last checked</dt><dd><time datetime=${usage.checkedAt} title=${usage.checkedAt}>${dateText(usage.checkedAt)}</time></dd>`}
        </dl>
        ${usage.state === 'not-pulled' && html`<p class="hint">The app reads the calls every night; nothing has been read for this customer yet.</p>`}
        ${usage.state === 'consent-missing' && html`<${ConsentRemedy} usage=${usage} />`}
        ${usage.state === 'failed' && html`<p>The last pull failed: ${usage.fault?.detail ?? 'Microsoft Graph did not answer as expected'}. The next pull tries again from where the last one stopped.</p>`}`;
}

function PullNow({ token, id, onPulled }) {
    const [busy, setBusy] = useState(false);
    const [report, setReport] = useState(null);
    const [error, setError] = useState(null);
    const pull = async () => {
        setBusy(true);
        setReport(null);
        setError(null);
        const r = await call(token, 'POST', customerUrl(id, '/usage/pull')).catch((err) => ({ status: 0, body: { detail: err.message } }));
        setBusy(false);
        if (r.status === 200 || (r.status === 422 && r.body?.code === 'bad-rows')) setReport(r.body);
        // consent missing: the state below says what to do, in words
        else if (r.body?.code !== 'consent-missing') setError(new ApiError(r.status, r.body));
        onPulled();
    };
    return html`
        <div class="pull-now">
            <button type="button" class="secondary" disabled=${busy} onClick=${pull}>${busy ? 'Pulling…' : 'Pull now'}</button>
            <${Problem} error=${error} />
            ${report && html`<${ImportSummary} report=${report} />`}
        </div>`;
}

export function Usage({ token, id, me }) {
    const [usage, setUsage] = useState(null);
    const [error, setError] = useState(null);
    const [read, setRead] = useState(0);
    const isAdmin = me.roles.includes('AdminAgent');
    useEffect(() => {
        ok(token, 'GET', customerUrl(id, '/usage')).then((r) => setUsage(r.body), setError);
    }, [id, read]);
    const again = () => setRead((n) => n + 1);
    return html`
        <section class="card usage" aria-labelledby="usage-h" aria-busy=${usage === null && !error ? 'true' : 'false'}>
            <h2 id="usage-h">Usage and the month</h2>
            <${Problem} error=${error} />
            ${usage === null && !error && html`<p class="loading">Loading…</p>`}
            ${usage && html`<${UsageState} usage=${usage} />`}
            ${isAdmin && html`<${PullNow} token=${token} id=${id} onPulled=${again} />`}
            ${isAdmin && html`<${UsageUpload} token=${token} id=${id} onImported=${again} />`}
            ${!isAdmin && html`<p class="hint">Only AdminAgents can bring in usage and rate a month; you can read where the calls come from and a month as rated.</p>`}
            <${MonthPicker} token=${token} id=${id} />
        </section>`;
}
