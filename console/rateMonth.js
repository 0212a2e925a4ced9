// An AdminAgent rates (or rates again) a month for its partner's customers,
// from the month's page: the run starts in the background, so the page
// follows it through the address the API answered with (customers done of
// total) to its end, then the month's figures are read again. Rating a month
// again writes the same lines, so nothing is billed twice.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { API, ApiError, apiPath, call, ok } from './api.js';
import { numberText } from './words.js';
import { Problem } from './problem.js';

const STATUS = { running: 'Rating…', completed: 'Done', failed: 'The rating stopped', cancelled: 'Cancelled' };

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

/** "Rate this month" (or, once rated, "Rate it again"); `onRated` when this customer's month was rated. */
export function RateMonth({ token, id, month, again, onRated }) {
    const [url, setUrl] = useState(null);
    const [error, setError] = useState(null);
    const ended = (run) => {
        const mine = run.outcome?.failed?.find((f) => f.customerTenantId.toLowerCase() === id.toLowerCase());
        if (run.status !== 'completed' || mine) {
            setError(new ApiError(0, { title: 'Not rated', detail: mine ? `This customer's month could not be rated: ${mine.error}` : 'The rating did not finish.', remedy: 'Rate the month again; a month rated again gives the same lines.' }));
            return;
        }
        onRated();
    };
    const [run, setRun] = useRun(token, url, ended);
    const busy = run?.status === 'running';
    const submit = async (e) => {
        e.preventDefault();
        setError(null);
        setRun(null);
        setUrl(null);
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
            <h2 id="rate-month-h">${again ? 'Rate it again' : 'Rate this month'}</h2>
            <p class="hint">Rates the month for all your partner’s customers; rating it again replaces its lines, nothing is billed twice.</p>
            <button type="submit" class="primary" disabled=${busy}>${busy ? 'Rating…' : again ? 'Rate it again' : 'Rate this month'}</button>
            ${run && html`<${Progress} run=${run} />`}
            <${Problem} error=${error} />
        </form>`;
}
