// Enabling every ready customer at once (AdminAgents): a confirmation saying
// how many and what happens, then one job (POST /api/jobs/enablements with an
// Idempotency-Key, so a retried click starts nothing twice) followed live: its
// progress, each customer's result as it arrives, and a way to cancel it.
// The job being followed is kept for the session, so leaving the fleet for a
// customer and coming back picks it up again.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, ApiError, apiPath, call, newKey, ok } from './api.js';
import { customerHash } from './route.js';
import { dateText, detailWords, OUTCOMES, outcomeWords } from './words.js';
import { Problem } from './problem.js';

const KEY = 'telco-overage-console.job';
const ENDED = new Set(['completed', 'cancelled', 'failed']);
const POLL_MS = 1500;
const customers = (n) => `${n} ${n === 1 ? 'customer' : 'customers'}`;

/** The job this session follows for the partner, as its URL, or null. */
export function followedJob(me) {
    try {
        const j = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
        return j && j.partnerId === me.partnerId ? j.url : null;
    } catch {
        return null;
    }
}

export function followJob(me, url) {
    if (url) sessionStorage.setItem(KEY, JSON.stringify({ partnerId: me.partnerId, url }));
    else sessionStorage.removeItem(KEY);
}

/** "Enable all ready customers", asked first in a dialog; resolves the job's URL to `onStarted`. */
export function EnableAllReady({ token, ready, onStarted }) {
    const dialog = useRef(null);
    const opener = useRef(null);
    const key = useRef(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [count, setCount] = useState(ready);
    const open = () => {
        key.current = newKey(); // one key per decision: a retry of the same POST joins the job it started
        setCount(ready);
        setError(null);
        dialog.current?.showModal();
    };
    const close = () => {
        dialog.current?.close();
        opener.current?.focus();
    };
    const confirm = async () => {
        setBusy(true);
        setError(null);
        try {
            const r = await ok(token, 'POST', `${API}/jobs/enablements`, { filter: { state: 'ready' } }, { 'idempotency-key': key.current });
            dialog.current?.close();
            onStarted(apiPath(r.headers.get('location') ?? r.body.links?.self ?? `${API}/jobs/${encodeURIComponent(r.body.id)}`), r.body);
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <button type="button" class="primary enable-all" ref=${opener} onClick=${open}>Enable all ready customers (${ready})</button>
        <dialog ref=${dialog} class="confirm" aria-labelledby="enable-all-h" aria-describedby="enable-all-d" onCancel=${() => opener.current?.focus()}>
            <h2 id="enable-all-h">Enable overage for ${customers(count)}?</h2>
            <div id="enable-all-d">
                <p>${count === 1 ? 'Overage is switched on for the one customer ready to enable now:' : `Overage is switched on for each of the ${customers(count)} ready to enable now, a few at a time:`}</p>
                <ul>
                    <li>${count === 1 ? 'It gets' : 'Each gets'} a new Azure subscription for its overage charges: under its Azure plan, or in a new Azure plan where it has none (a customer still on the legacy Azure offer is moved to an Azure plan first).</li>
                    <li>Calls beyond the included minutes then go through: Communications Credits pay first where the customer has them, then post-paid overage.</li>
                    <li>Each customer is checked again just before its run: one that is no longer ready is reported with its blocker, and nothing is changed for it.</li>
                    <li>You can cancel the job: customers not yet started are left as they are, runs under way finish, and customers already enabled stay on.</li>
                </ul>
            </div>
            <${Problem} error=${error} />
            <div class="dialog-buttons">
                <button type="button" class="primary" disabled=${busy} onClick=${confirm}>${busy ? 'Starting…' : `Enable ${customers(count)}`}</button>
                <button type="button" class="secondary" autofocus onClick=${close}>Not now</button>
            </div>
        </dialog>`;
}

async function allItems(token, link) {
    const items = [];
    let next = null;
    let pages = 0;
    do {
        const url = `${apiPath(link)}${apiPath(link).includes('?') ? '&' : '?'}limit=500${next ? `&continuationToken=${encodeURIComponent(next)}` : ''}`;
        const r = await call(token, 'GET', url);
        if (r.status !== 200) throw new ApiError(r.status, r.body);
        items.push(...(r.body.items ?? []));
        next = r.body.continuationToken ?? null;
        pages += 1;
    } while (next && pages < 20);
    return items;
}

const OutcomeBadge = ({ outcome }) => html`<span class=${`badge outcome-${outcome}`}><span class="glyph" aria-hidden="true">${OUTCOMES[outcome]?.glyph ?? '•'}</span> ${outcomeWords(outcome)}</span>`;

function summary(job) {
    const c = job.counts ?? {};
    const handled = Math.max(0, job.total - (c.queued ?? 0) - (c.running ?? 0));
    // after a cancel, the customers skipped were not done: say them apart
    const skipped = job.status === 'cancelled' || job.status === 'cancelling' ? (c.skipped ?? 0) : 0;
    const parts = ['enabled', 'blocked', 'refused', 'failed', ...(skipped ? [] : ['skipped'])].filter((o) => c[o]).map((o) => `${c[o]} ${o}`);
    const state = { queued: 'Waiting to start', running: 'Running', cancelling: 'Cancelling', cancelled: 'Cancelled', completed: 'Completed', failed: 'Failed' }[job.status] ?? job.status;
    return { done: handled, text: `${state}: ${handled - skipped} of ${customers(job.total)} done${parts.length ? ` (${parts.join(', ')})` : ''}${skipped ? `; ${skipped} skipped` : ''}.` };
}

/** One job followed until it ends: progress, counts, each customer's result, Cancel; `onEnded` once when it ends. */
export function JobProgress({ token: current, url, initial, onEnded, onClose }) {
    const tokenRef = useRef(current);
    tokenRef.current = current;
    const [job, setJob] = useState(initial ?? null);
    const [items, setItems] = useState(null);
    const [error, setError] = useState(null);
    const [cancel, setCancel] = useState({ busy: false, error: null });
    const heading = useRef(null);
    const ended = useRef(false);
    useEffect(() => { heading.current?.focus(); }, [url]);
    useEffect(() => {
        let live = true;
        let timer;
        const poll = async () => {
            try {
                const token = tokenRef.current;
                const r = await call(token, 'GET', url);
                if (!live) return;
                if (r.status === 404) {
                    followJob({}, null);
                    throw new ApiError(r.status, r.body);
                }
                if (r.status !== 200) throw new ApiError(r.status, r.body);
                setJob(r.body);
                setError(null);
                const list = await allItems(token, r.body.links?.items ?? `${url}/items`);
                if (!live) return;
                setItems(list);
                if (ENDED.has(r.body.status)) {
                    if (!ended.current) {
                        ended.current = true;
                        onEnded(r.body);
                    }
                    return;
                }
            } catch (e) {
                if (!live) return;
                setError(e);
                if (e.status === 404 || e.status === 401 || e.status === 403) return;
            }
            timer = setTimeout(poll, POLL_MS);
        };
        poll();
        return () => { live = false; clearTimeout(timer); };
    }, [url]);

    const doCancel = async () => {
        setCancel({ busy: true, error: null });
        try {
            const r = await ok(tokenRef.current, 'DELETE', url);
            if (r.body?.status) setJob(r.body);
            setCancel({ busy: false, error: null });
        } catch (e) {
            setCancel({ busy: false, error: e });
        }
    };

    const s = job ? summary(job) : null;
    const running = job && !ENDED.has(job.status);
    const c = job?.counts ?? {};
    return html`
        <section class="card job" aria-labelledby="job-h" aria-busy=${job ? 'false' : 'true'}>
            <h2 id="job-h" tabindex="-1" ref=${heading}>Enabling ready customers</h2>
            ${job && html`<p class="muted">Job <span class="mono">${job.id}</span> · started <time datetime=${job.startedAt}>${dateText(job.startedAt)}</time>${job.endedAt ? html` · ended <time datetime=${job.endedAt}>${dateText(job.endedAt)}</time>` : ''}</p>`}
            <div class="job-progress">
                <progress id="job-bar" max=${job?.total || 1} value=${s?.done ?? 0} aria-label="Customers done"></progress>
                <span class="job-fraction" aria-hidden="true">${s ? `${s.done} / ${job.total}` : '…'}</span>
            </div>
            <p class="job-summary" role="status">${s ? s.text : 'Starting…'}</p>
            ${job && html`
                <ul class="job-counts" aria-label="Results so far">
                    ${Object.keys(OUTCOMES).filter((o) => c[o]).map((o) => html`<li key=${o}><${OutcomeBadge} outcome=${o} /> <span class="n" data-outcome=${o}>${c[o]}</span></li>`)}
                </ul>`}
            ${job?.error && html`<div class="error" role="alert"><p><strong>The job stopped on a fault of its own.</strong></p><p>${job.error}</p></div>`}
            ${job?.cancelled && html`<p class="muted">Cancelled by ${job.cancelled.by}, <time datetime=${job.cancelled.at}>${dateText(job.cancelled.at)}</time>: customers not yet started were left as they are.</p>`}
            <${Problem} error=${error} />
            <${Problem} error=${cancel.error} />
            <div class="job-buttons">
                ${running && html`<button type="button" class="secondary danger" disabled=${cancel.busy || job.status === 'cancelling'} onClick=${doCancel}>${job.status === 'cancelling' ? 'Cancelling…' : 'Cancel job'}</button>`}
                ${(!running || error) && html`<button type="button" class="secondary" onClick=${onClose}>Close the results</button>`}
            </div>
            ${items && items.length > 0 && html`
                <h3 id="job-items-h">Each customer’s result</h3>
                <div class="table-wrap job-items">
                    <table class="customers" aria-labelledby="job-items-h">
                        <thead><tr><th scope="col">Customer</th><th scope="col">Result</th><th scope="col">What happened</th></tr></thead>
                        <tbody>
                            ${items.map((i) => html`
                                <tr key=${i.customerTenantId}>
                                    <th scope="row" data-label="Customer"><a href=${customerHash(i.customerTenantId)}>${i.name ?? i.customerTenantId}</a></th>
                                    <td data-label="Result"><${OutcomeBadge} outcome=${i.outcome} /></td>
                                    <td data-label="What happened">${detailWords(i.detail) ?? html`<span class="muted">${i.outcome === 'enabled' ? 'Overage is on.' : '—'}</span>`}${i.at ? html` <time class="muted" datetime=${i.at}>${dateText(i.at)}</time>` : ''}</td>
                                </tr>`)}
                        </tbody>
                    </table>
                </div>`}
        </section>`;
}
