// A rated month of the customer: its figures, charts and the partner's
// reconciliation file (the month's own page, month.js, reads it).
import { html, useState } from './vendor/htm-preact.js';
import { API, download } from './api.js';
import { moneyText, numberText } from './words.js';
import { accrualStatusWords } from './messages.js';
import { DailyChart, PoolChart } from './charts.js';
import { Problem } from './problem.js';
import { Findings } from './run.js';

/** The reconciliation CSV of `month` for the caller's partner, saved under the name the API gives it. */
function DownloadCsv({ token, me, month }) {
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const save = async () => {
        setError(null);
        setBusy(true);
        try {
            const name = `${month}.csv`;
            await download(token, `${API}/partners/${encodeURIComponent(me.partnerId)}/reconciliation/${encodeURIComponent(name)}`, `reconciliation-${me.partnerId}-${name}`);
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <button type="button" class="secondary" disabled=${busy} onClick=${save}>Download the reconciliation CSV of ${month}</button>
        <${Problem} error=${error} />`;
}

export function AccrualFigures({ token, me, month, accrual }) {
    const money = (v) => moneyText(v ?? 0, accrual.currency);
    const total = accrual.lines.reduce((sum, l) => sum + Number(l.BillingPreTaxTotal || 0), 0);
    return html`
        <dl class="facts" aria-label=${`Accrual of ${month}`}>
            <dt>Status</dt><dd><span class=${`badge ${accrual.status === 'complete' ? 'on' : 'off'}`}>${accrualStatusWords(accrual.status)}</span></dd>
            ${Object.entries(accrual.poolMinutes ?? {}).map(([pool, p]) => html`<dt>Pool ${pool}</dt><dd>${numberText(p.used)} of ${numberText(p.included)} minutes used</dd>`)}
            <dt>Billable minutes</dt><dd>${numberText(accrual.billableMinutes)}</dd>
            <dt>Credits</dt><dd>${money(accrual.creditsUsed)} used of ${money(accrual.creditsOpening)}${accrual.recharges ? `, ${numberText(accrual.recharges)} recharges` : ''}${accrual.creditsExhausted ? ' (ran out)' : ''}</dd>
            <dt>Overage</dt><dd>${money(accrual.overageAmount)}</dd>
            <dt>Refused calls</dt><dd>${numberText(accrual.refusedCalls)} (${money(accrual.refusedAmount)})</dd>
            <dt>Your lines</dt><dd>${numberText(accrual.lines.length)} lines, ${money(total)}</dd>
        </dl>
        ${accrual.warnings?.length > 0 && html`<h3>Warnings</h3><${Findings} items=${accrual.warnings} kind="warnings" />`}
        <h3>Pool minutes</h3>
        <${PoolChart} pools=${accrual.poolMinutes} />
        <h3>Overage per day</h3>
        <${DailyChart} lines=${accrual.lines} currency=${accrual.currency} />
        <${DownloadCsv} token=${token} me=${me} month=${month} />`;
}
