// What an import of usage did, as a person reads it: the counts of the
// upload's (or the pull's) report, whether anything was stored, and the bad
// rows as a table (line, column, reason: the API lists the first 100).
import { html } from './vendor/htm-preact.js';
import { dayText, numberText } from './words.js';

/** "November 2026, December 2026" from the report's YYYY-MM months. */
const monthsText = (months) => (months ?? []).map((m) => dayText(`${m}-01`, { monthYear: true })).join(', ');

export function ImportSummary({ report }) {
    const count = (n) => numberText(n ?? 0);
    return html`
        <div class="import-summary" role="status">
            <p class="job-summary">${report.committed ? 'Imported.' : 'Nothing was imported: the file has bad rows.'}</p>
            <dl class="facts">
                <dt>Rows read</dt><dd class="rows-read">${count(report.rowsRead)}</dd>
                <dt>Calls taken in</dt><dd class="rows-accepted">${count(report.accepted)}</dd>
                <dt>Already there</dt><dd class="rows-duplicate">${count(report.duplicates)}</dd>
                <dt>Never billed (free calls)</dt><dd>${count(report.free)}</dd>
                <dt>Bad rows</dt><dd class="rows-bad">${count(report.badRows)}</dd>
                ${report.months?.length > 0 && html`<dt>${report.committed ? 'Months with calls' : 'Months it would have added to'}</dt><dd>${monthsText(report.months)}</dd>`}
            </dl>
            ${!report.committed && html`<p class="remedy"><span class="label">What to do:</span> fix the rows below and upload the file again, or tick “Import the good rows and skip the bad ones”.</p>`}
            <${BadRows} rows=${report.badRowsListed} total=${report.badRows} />
        </div>`;
}

function BadRows({ rows, total }) {
    if (!rows?.length) return null;
    const caption = total > rows.length ? `Bad rows (the first ${numberText(rows.length)} of ${numberText(total)})` : 'Bad rows';
    return html`
        <div class="table-scroll" tabindex="0" role="region" aria-label=${caption}>
            <table class="data bad-rows">
                <caption>${caption}</caption>
                <thead><tr><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Reason</th></tr></thead>
                <tbody>
                    ${rows.map((r, i) => html`<tr key=${`${r.line}-${i}`}><td>${numberText(r.line)}</td><td>${r.column ?? 'the whole row'}</td><td>${r.reason}</td></tr>`)}
                </tbody>
            </table>
        </div>`;
}
