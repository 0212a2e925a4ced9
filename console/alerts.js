// A customer's alert thresholds (GET/PUT .../alerts) and the alerts that
// fired for it this month (GET /api/alerts, the partner's, kept to this
// customer). An AdminAgent edits the thresholds; every other role reads them.
// Amounts are checked by the API, not the browser, so its problem+json (with
// the field named) is what the reader sees, the same as any other client.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { API, ApiError, call, customerUrl, ok } from './api.js';
import { dateText, dayText, moneyText } from './words.js';
import { Problem } from './problem.js';

const THRESHOLD = {
    'forecast-overage': 'Forecast overage above the amount',
    'pool-used': 'Pool used above the percentage',
    'credits-run-out': 'Credits run out before the month ends',
    'day-overage': 'A single day\'s overage above the amount',
};

/** The form's text fields from the stored thresholds ('' where none is set). */
const formOf = (t) => ({
    forecastOverageAbove: t?.forecastOverageAbove ?? '',
    poolUsedAbovePercent: t?.poolUsedAbovePercent === undefined ? '' : String(t.poolUsedAbovePercent),
    dayOverageAbove: t?.dayOverageAbove ?? '',
    creditsRunOutBeforeMonthEnd: Boolean(t?.creditsRunOutBeforeMonthEnd),
    mailCustomerAdmin: Boolean(t?.mailCustomerAdmin),
});

/** The PUT body: an empty field is a threshold not watched; a percentage goes as a number when it reads as one, else as typed for the API to refuse. */
function bodyOf(f) {
    const body = { mailCustomerAdmin: f.mailCustomerAdmin };
    if (f.forecastOverageAbove.trim()) body.forecastOverageAbove = f.forecastOverageAbove.trim();
    if (f.dayOverageAbove.trim()) body.dayOverageAbove = f.dayOverageAbove.trim();
    const pct = f.poolUsedAbovePercent.trim();
    if (pct) body.poolUsedAbovePercent = Number.isNaN(Number(pct)) ? pct : Number(pct);
    if (f.creditsRunOutBeforeMonthEnd) body.creditsRunOutBeforeMonthEnd = true;
    return body;
}

function ReadOnly({ t }) {
    const set = t && (t.forecastOverageAbove || t.poolUsedAbovePercent !== undefined || t.dayOverageAbove || t.creditsRunOutBeforeMonthEnd);
    if (!set) return html`<p class="alerts-none">No threshold is set for this customer.</p>`;
    return html`
        <dl class="facts alert-thresholds">
            <dt>Forecast overage above</dt><dd>${t.forecastOverageAbove ?? 'not watched'}</dd>
            <dt>Pool used above</dt><dd>${t.poolUsedAbovePercent === undefined ? 'not watched' : `${t.poolUsedAbovePercent}%`}</dd>
            <dt>Credits run out before the month ends</dt><dd>${t.creditsRunOutBeforeMonthEnd ? 'watched' : 'not watched'}</dd>
            <dt>A day's overage above</dt><dd>${t.dayOverageAbove ?? 'not watched'}</dd>
            <dt>Mail the customer's admin too</dt><dd>${t.mailCustomerAdmin ? 'yes' : 'no'}</dd>
        </dl>`;
}

function ThresholdsForm({ token, id, thresholds, onSaved }) {
    const [f, setF] = useState(() => formOf(thresholds));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [issues, setIssues] = useState([]);
    const [saved, setSaved] = useState(false);
    const field = (name) => (e) => { setSaved(false); setF({ ...f, [name]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value }); };
    const bad = (name) => issues.some((i) => i.path === name);
    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setSaved(false);
        const r = await call(token, 'PUT', customerUrl(id, '/alerts'), bodyOf(f)).catch((err) => ({ status: 0, body: { detail: err.message } }));
        setBusy(false);
        if (r.status === 200) {
            setIssues([]);
            setSaved(true);
            onSaved(r.body);
            return;
        }
        setIssues(Array.isArray(r.body?.issues) ? r.body.issues : []);
        setError(new ApiError(r.status, r.body));
    };
    const input = (name, label, hint, mode) => html`
        <div class="field">
            <label for=${`alert-${name}`}>${label}</label>
            <input id=${`alert-${name}`} type="text" inputmode=${mode} autocomplete="off" value=${f[name]} aria-invalid=${bad(name) ? 'true' : undefined} aria-describedby=${`alert-${name}-hint`} onInput=${field(name)} />
            <span id=${`alert-${name}-hint`} class="hint">${hint}</span>
        </div>`;
    return html`
        <form class="alert-form" onSubmit=${submit} aria-labelledby="alert-form-h">
            <h3 id="alert-form-h">Thresholds</h3>
            ${input('forecastOverageAbove', 'Forecast overage above (amount)', 'e.g. 400 or 12.50, in the month\'s currency; empty: not watched', 'decimal')}
            ${input('poolUsedAbovePercent', 'Pool used above (%)', '1 to 100; empty: not watched', 'decimal')}
            ${input('dayOverageAbove', 'A single day\'s overage above (amount)', 'empty: not watched', 'decimal')}
            <div class="choice"><input type="checkbox" id="alert-credits" checked=${f.creditsRunOutBeforeMonthEnd} onChange=${field('creditsRunOutBeforeMonthEnd')} /><label for="alert-credits">Credits forecast to run out before the month ends</label></div>
            <div class="choice"><input type="checkbox" id="alert-mail" checked=${f.mailCustomerAdmin} onChange=${field('mailCustomerAdmin')} /><label for="alert-mail">Mail the customer's admin too</label></div>
            <${Problem} error=${error} />
            <button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save the thresholds'}</button>
            <span class="saved" role="status">${saved ? 'Saved.' : ''}</span>
        </form>`;
}

function Fired({ alerts }) {
    if (!alerts.length) return html`<p class="alerts-fired-none">No alert has fired for this customer this month.</p>`;
    return html`
        <ul class="alerts-fired">
            ${alerts.map((a) => html`
                <li key=${a.id}>
                    <p><strong>${THRESHOLD[a.threshold] ?? a.threshold}</strong> · <time datetime=${a.firedAt}>${dateText(a.firedAt)}</time></p>
                    <p>${a.threshold === 'credits-run-out' ? `Credits expected to reach zero on ${dayText(a.figures.value)}` : a.threshold === 'pool-used' ? `${a.figures.value}% used (limit ${a.figures.limit}%)` : `${moneyText(a.figures.value, a.figures.currency)} (limit ${moneyText(a.figures.limit, a.figures.currency)})`}${a.figures.day && a.threshold === 'day-overage' ? ` on ${dayText(a.figures.day)}` : ''}; forecast ${moneyText(a.figures.forecastOverage.low, a.figures.currency)}–${moneyText(a.figures.forecastOverage.high, a.figures.currency)}</p>
                </li>`)}
        </ul>`;
}

export function Alerts({ token, id, me }) {
    const [thresholds, setThresholds] = useState(undefined);
    const [fired, setFired] = useState(null);
    const [error, setError] = useState(null);
    const isAdmin = me.roles.includes('AdminAgent');
    useEffect(() => {
        Promise.all([
            ok(token, 'GET', customerUrl(id, '/alerts')).then((r) => setThresholds(r.body)),
            ok(token, 'GET', `${API}/alerts`).then((r) => setFired((r.body.alerts ?? []).filter((a) => a.customerTenantId.toLowerCase() === id.toLowerCase()))),
        ]).catch(setError);
    }, [id]);
    return html`
        <section class="card alerts" aria-labelledby="alerts-h" aria-busy=${thresholds === undefined && !error ? 'true' : 'false'}>
            <h2 id="alerts-h">Alerts</h2>
            <${Problem} error=${error} />
            ${thresholds !== undefined && (isAdmin
                ? html`<${ThresholdsForm} token=${token} id=${id} thresholds=${thresholds} onSaved=${setThresholds} />`
                : html`<${ReadOnly} t=${thresholds} /><p class="hint">Only AdminAgents can change the thresholds.</p>`)}
            <h3>Fired this month</h3>
            ${fired === null && !error && html`<p class="loading">Loading…</p>`}
            ${fired && html`<${Fired} alerts=${fired} />`}
        </section>`;
}
