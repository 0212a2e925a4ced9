// An AdminAgent uploads a customer's Teams PSTN usage report (a CSV file) as
// it is: the API reads and checks it, so the browser sends the file untouched
// and shows the report the API answers, bad rows included. All or nothing by
// default, as the API does; the box asks it to import the good rows only.
import { html, useState } from './vendor/htm-preact.js';
import { ApiError, customerUrl } from './api.js';
import { ImportSummary } from './usageReport.js';
import { Problem } from './problem.js';

/** POSTs the file as text/csv; {status, body}. */
async function sendCsv(token, url, file) {
    const res = await fetch(url, {
        method: 'POST', body: file, cache: 'no-store',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', accept: 'application/json, application/problem+json' },
    });
    const text = await res.text();
    try {
        return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
        return { status: res.status, body: { detail: text.slice(0, 300) } };
    }
}

export function UsageUpload({ token, id, onImported }) {
    const [file, setFile] = useState(null);
    const [skipBad, setSkipBad] = useState(false);
    const [busy, setBusy] = useState(false);
    const [report, setReport] = useState(null);
    const [error, setError] = useState(null);
    const submit = async (e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        setReport(null);
        setError(null);
        const url = customerUrl(id, skipBad ? '/usage?mode=skip-bad-rows' : '/usage');
        const r = await sendCsv(token, url, file).catch((err) => ({ status: 0, body: { detail: `The upload did not reach the app: ${err.message}` } }));
        setBusy(false);
        // 200: imported; 422 bad-rows: the same report, nothing stored
        if (r.status === 200 || (r.status === 422 && r.body?.code === 'bad-rows')) {
            setReport(r.body);
            if (r.status === 200) onImported();
            return;
        }
        setError(new ApiError(r.status, r.body));
    };
    return html`
        <form class="usage-upload" onSubmit=${submit} aria-labelledby="usage-upload-h">
            <h3 id="usage-upload-h">Upload a usage report</h3>
            <div class="field">
                <label for="usage-file">Teams PSTN usage report (CSV)</label>
                <input id="usage-file" type="file" accept=".csv,text/csv" required aria-describedby="usage-file-hint" onChange=${(e) => { setFile(e.currentTarget.files?.[0] ?? null); setReport(null); setError(null); }} />
                <span id="usage-file-hint" class="hint">The report as Teams exports it, with its header row.</span>
            </div>
            <div class="choice"><input type="checkbox" id="usage-skip-bad" checked=${skipBad} onChange=${(e) => setSkipBad(e.currentTarget.checked)} /><label for="usage-skip-bad">Import the good rows and skip the bad ones</label></div>
            <button type="submit" class="primary" disabled=${busy || !file}>${busy ? 'Uploading…' : 'Upload the report'}</button>
            <${Problem} error=${error} />
            ${report && html`<${ImportSummary} report=${report} />`}
        </form>`;
}
