// One month of a customer, at its own address (#/customers/{id}/accruals/{yyyy-mm}):
// the month as rated (figures, charts, the reconciliation file), or that it
// has not been rated yet; for an AdminAgent, rating it (again), followed to
// its end, after which the figures are read again.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { ApiError, call, customerUrl, ok } from './api.js';
import { dayText } from './words.js';
import { Problem } from './problem.js';
import { AccrualFigures } from './accrual.js';
import { RateMonth } from './rateMonth.js';
import { useName } from './customerName.js';
import { customerHash, monthHash, shiftMonth } from './route.js';

/**
 * The customer's month as the API rated it: {accrual}, {notRated}, {error}; null while read. The list of
 * rated months is read first, so a month not rated is never asked for (no 404 for a page that only looks).
 */
function useAccrual(token, id, month, read) {
    const [state, setState] = useState(null);
    useEffect(() => {
        let live = true;
        (async () => {
            const rated = (await ok(token, 'GET', customerUrl(id, '/accruals'))).body.items.some((m) => m.month === month);
            if (!rated) return { notRated: true };
            const r = await call(token, 'GET', customerUrl(id, `/accruals/${encodeURIComponent(month)}`));
            if (r.status === 200) return { accrual: r.body };
            // rated a moment ago by the list, gone now: the same words as never rated
            if (r.status === 404 && r.body?.code === 'accrual-not-found') return { notRated: true };
            return { error: new ApiError(r.status, r.body) };
        })().then((next) => live && setState(next), (e) => live && setState({ error: e }));
        return () => { live = false; };
    }, [id, month, read]);
    return state;
}

export function MonthView({ token, me, id, month, knownName }) {
    const name = useName(token, id, knownName);
    const [read, setRead] = useState(0);
    const state = useAccrual(token, id, month, read);
    const heading = useRef(null);
    const isAdmin = me.roles.includes('AdminAgent');
    const words = dayText(`${month}-01`, { monthYear: true });
    useEffect(() => { heading.current?.focus(); }, [id, month]);
    return html`
        <section class="panel detail month-view" aria-labelledby="month-h">
            <a class="back" href=${customerHash(id)}>← ${name ?? 'The customer'}</a>
            <h1 id="month-h" tabindex="-1" ref=${heading}>${words}<span class="muted"> · ${name ?? 'Customer'}</span></h1>
            <nav class="month-nav" aria-label="Other months">
                <a href=${monthHash(id, shiftMonth(month, -1))}>← ${dayText(`${shiftMonth(month, -1)}-01`, { monthYear: true })}</a>
                <a href=${monthHash(id, shiftMonth(month, 1))}>${dayText(`${shiftMonth(month, 1)}-01`, { monthYear: true })} →</a>
            </nav>
            <section class="card" aria-labelledby="accrual-h" aria-busy=${state === null ? 'true' : 'false'}>
                <h2 id="accrual-h">Accrual</h2>
                ${state === null && html`<p class="loading" role="status">Reading the month…</p>`}
                <${Problem} error=${state?.error} />
                ${state?.notRated && html`
                    <p class="not-rated">${words} has not been rated for this customer yet.</p>
                    <p class="hint">${isAdmin ? 'Rate it below once its usage is in (pulled from Microsoft Graph or uploaded on the customer’s page).' : 'An AdminAgent of your partner can rate it once its usage is in.'}</p>`}
                ${state?.accrual && html`<${AccrualFigures} token=${token} me=${me} month=${month} accrual=${state.accrual} />`}
            </section>
            ${isAdmin && state && !state.error && html`
                <section class="card" aria-label="Rating">
                    <${RateMonth} token=${token} id=${id} month=${month} again=${Boolean(state.accrual)} onRated=${() => setRead((n) => n + 1)} />
                </section>`}
        </section>`;
}
