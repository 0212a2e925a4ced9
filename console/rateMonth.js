// An AdminAgent rates (or rates again) a month for its partner's customers:
// the run starts in the background, so the page follows it through the
// address the API answered with (customers done of total) to its end, then
// shows this customer's figures for the month. Rating a month again writes the
// same lines, so nothing is billed twice.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { API, ApiError, apiPath, call, customerUrl, ok } from './api.js';
import { dayText, moneyText, numberText } from './words.js';
import { Problem } from './problem.js';

const MONTH = '\\d{4}-(0[1-9]|1[0-2])';
const STATUS = { running: 'Rating…', completed: 'Done', failed: 'The rating stopped', cancelled: 'Cancelled' };

/** The month before the browser's current one, YYYY-MM: the one a partner usually rates. */
function lastMonth() {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
}

/** Follows the run at `url` until it ends; `onEnd` once then. */
function useRun(token, url, onEnd) {
    const [run, setRun] = useState(null);
    useEffect(() => {
        if (!url) return undefined;
        let live = true;
        let timer;
        const poll = async () => {
            const r = await call(token, 'GET', url).catch(() => null);
            if (!live) return;
            if (r?.status === 200) setRun(r.body);
            if (r?.status === 200 && r.body.status !== 'running') return onEnd(r.body);
            timer = setTimeout(poll, 700);
            return undefined;
        };
        poll();
        return () => { live = false; clearTimeout(timer); };
    }, [url]);
    return [run, setRun];
}

function Progress({ run }) {
    const total = run.total ?? 0;
    return html`
        <div class="rating-progress" role="status" aria-live="polite">
            <p><strong class="rating-status">${STATUS[run.status] ?? run.status}</strong> · <span class="rating-count">${total ? `${numberText(run.done)} of ${numberText(total)} customers rated` : 'counting the customers…'}</span></p>
            <div class="job-progress"><progress max=${total || 1} value=${run.done ?? 0} aria-label="Customers rated"></progress></div>
        </div>`;
}

/** This customer's month as rated: the figures a partner passes on. */
function Figures({ month, accrual }) {
    const money = (v) => moneyText(v, accrual.currency);
    const pool = Object.values(accrual.poolMinutes ?? {}).reduce((a, p) => ({ used: a.used + p.used, included: a.included + p.included }), { used: 0, included: 0 });
    return html`
        <dl class="facts month-figures" aria-label=${`This customer's ${dayText(`${month}-01`, { monthYear: true })}`}>
            <dt>Pool minutes</dt><dd class="pool-minutes">${numberText(pool.used)} of ${numberText(pool.included)} used</dd>
            <dt>Billable minutes</dt><dd class="billable-minutes">${numberText(accrual.billableMinutes)}</dd>
            <dt>Credits used</dt><dd>${money(accrual.creditsUsed)}</dd>
            <dt>Overage</dt><dd class="overage-amount">${money(accrual.overageAmount)}</dd>
        </dl>`;
}

export function RateMonth({ token, id }) {
    const [month, setMonth] = useState(lastMonth);
    const [rated, setRated] = useState(null);
    const [url, setUrl] = useState(null);
    const [error, setError] = useState(null);
    const [accrual, setAccrual] = useState(null);
    const ended = async (run) => {
        const mine = run.outcome?.failed?.find((f) => f.customerTenantId.toLowerCase() === id.toLowerCase());
        if (run.status !== 'completed' || mine) {
            setError(new ApiError(0, { title: 'Not rated', detail: mine ? `This customer's month could not be rated: ${mine.error}` : 'The rating did not finish.', remedy: 'Rate the month again; a month rated again gives the same lines.' }));
            return;
        }
        ok(token, 'GET', customerUrl(id, `/accruals/${rated}`)).then((r) => setAccrual(r.body), setError);
    };
    const [run, setRun] = useRun(token, url, ended);
    const busy = run?.status === 'running';
    const submit = async (e) => {
        e.preventDefault();
        setError(null);
        setAccrual(null);
        setRun(null);
        setUrl(null);
        setRated(month);
        try {
            const r = await ok(token, 'POST', `${API}/accruals/${encodeURIComponent(month)}`);
            setRun(r.body);
            setUrl(apiPath(r.headers.get('location') ?? r.body.links.self));
        } catch (err) {
            setError(err);
        }
    };
    return html`
        <form class="rate-month" onSubmit=${submit} aria-labelledby="rate-month-h">
            <h3 id="rate-month-h">Rate a month</h3>
            <p class="hint">Rates the month for all your partner’s customers; rating it again replaces its lines, nothing is billed twice.</p>
            <div class="field">
                <label for="rate-month-input">Month (YYYY-MM)</label>
                <input id="rate-month-input" type="text" inputmode="numeric" pattern=${MONTH} required value=${month} onInput=${(e) => setMonth(e.currentTarget.value)} />
            </div>
            <button type="submit" class="primary" disabled=${busy}>${busy ? 'Rating…' : 'Rate the month'}</button>
            ${run && html`<${Progress} run=${run} />`}
            <${Problem} error=${error} />
            ${accrual && html`<${Figures} month=${rated} accrual=${accrual} />`}
        </form>`;
}
