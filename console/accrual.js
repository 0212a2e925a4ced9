// A rated month of the customer: its figures, charts and the partner's
// reconciliation file.
import { html, useState } from './vendor/htm-preact.js';
import { API, customerUrl, download, ok } from './api.js';
import { moneyText, numberText } from './words.js';
import { DailyChart, PoolChart } from './charts.js';
import { Problem } from './problem.js';
import { Findings } from './run.js';

const MONTH = '\\d{4}-(0[1-9]|1[0-2])';

/** The month before the current one (UTC), YYYY-MM: the last one the monthly accrual rated. */
function lastMonth() {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
}

export function Accrual({ token, id, me }) {
    const [month, setMonth] = useState(lastMonth);
    const [shown, setShown] = useState(null);
    const [accrual, setAccrual] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const show = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setAccrual(null);
        setShown(month);
        try {
            setAccrual((await ok(token, 'GET', customerUrl(id, `/accruals/${encodeURIComponent(month)}`))).body);
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    const [csvError, setCsvError] = useState(null);
    const [csvBusy, setCsvBusy] = useState(false);
    const saveCsv = async () => {
        setCsvError(null);
        setCsvBusy(true);
        try {
            const name = `${shown}.csv`;
            await download(token, `${API}/partners/${encodeURIComponent(me.partnerId)}/reconciliation/${encodeURIComponent(name)}`, `reconciliation-${me.partnerId}-${name}`);
        } catch (err) {
            setCsvError(err);
        } finally {
            setCsvBusy(false);
        }
    };
    const money = (v) => moneyText(v ?? 0, accrual?.currency);
    const total = accrual ? accrual.lines.reduce((sum, l) => sum + Number(l.BillingPreTaxTotal || 0), 0) : 0;
    return html`
        <section class="card" aria-labelledby="accrual-h">
            <h2 id="accrual-h">Accrual</h2>
            <form class="inline" onSubmit=${show}>
                <label for="accrual-month">Month (YYYY-MM)</label>
                <input id="accrual-month" type="text" inputmode="numeric" pattern=${MONTH} required value=${month} onInput=${(e) => setMonth(e.currentTarget.value)} />
                <button type="submit" class="secondary" disabled=${busy}>Show the month</button>
            </form>
            <${Problem} error=${error} />
            ${accrual && html`
                <dl class="facts" aria-label=${`Accrual of ${shown}`}>
                    <dt>Status</dt><dd><span class=${`badge ${accrual.status === 'complete' ? 'on' : 'off'}`}>${accrual.status}</span></dd>
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
                <button type="button" class="secondary" disabled=${csvBusy} onClick=${saveCsv}>Download the reconciliation CSV of ${shown}</button>
                <${Problem} error=${csvError} />`}
        </section>`;
}

