// The fleet: every customer of the partner and where it stands (GET
// /api/readiness), as the operations team reads it each morning. The counts
// per state as one stacked bar whose segments filter the table; the table with
// each customer's blockers and their remedies, who pays now, the last run and
// whether its calls are pulled from Microsoft Graph (a customer whose admin
// has not consented is marked, with what to do, and counted above the table),
// and this month's forecast overage (sortable over the rows loaded);
// filters by state, blocker, usage state and a search, all in the address (#/fleet?…);
// the CSV of what is shown; and for AdminAgents, enabling every ready customer
// in one job (jobs.js).
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, ApiError, call, download } from './api.js';
import { customerHash, fleetHash, go } from './route.js';
import { blockerWords, dateText, moneyText, payerText, relativeText, runWords, stateGlyph, stateWords, STATES, usageGlyph, USAGE_STATES, usageWords } from './words.js';
import { EnableAllReady, followedJob, followJob, JobProgress } from './jobs.js';
import { Problem } from './problem.js';

const PAGE = 100;

const readinessUrl = (filters, extra = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== '' && v !== null && v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
};

async function readPage(token, filters, continuationToken) {
    const r = await call(token, 'GET', `${API}/readiness${readinessUrl(filters, { limit: PAGE, continuationToken })}`);
    if (r.status !== 200) throw new ApiError(r.status, r.body);
    return r.body;
}

const customers = (n) => `${n} ${n === 1 ? 'customer' : 'customers'}`;

/**
 * The counts per state as one horizontal bar of links, with a legend in words; each filters the table to its state.
 * The bar is for the eye and the mouse; the legend says the same in words, one link a state, for keyboards and
 * screen readers (so a screen reader does not hear every state twice).
 */
function StateBar({ counts, active }) {
    const total = counts?.total ?? 0;
    const shown = STATES.filter((s) => (counts?.[s.id] ?? 0) > 0);
    return html`
        <section class="card fleet-states" aria-labelledby="states-h">
            <div class="states-head">
                <h2 id="states-h">Customers by state</h2>
                <a class=${`all${!active ? ' active' : ''}`} href=${fleetHash({})} aria-current=${!active ? 'true' : undefined}>
                    All customers <span class="legend-count" data-state="total">${counts ? total : '…'}</span>
                </a>
            </div>
            <div class="stacked" aria-hidden="true">
                ${!counts && html`<span class="stacked-empty"></span>`}
                ${counts && total === 0 && html`<span class="stacked-empty"></span>`}
                ${shown.map((s) => html`
                    <a key=${s.id} class=${`segment state-${s.id}${active === s.id ? ' active' : ''}`} href=${fleetHash({ state: s.id })} style=${{ flexGrow: counts[s.id] }}
                        tabindex="-1" title=${`${s.words}: ${customers(counts[s.id])}`}>
                        <span class="segment-count" aria-hidden="true">${counts[s.id]}</span>
                    </a>`)}
            </div>
            <ul class="legend">
                ${STATES.map((s) => html`
                    <li key=${s.id}>
                        <a class=${active === s.id ? 'active' : ''} href=${fleetHash({ state: s.id })} aria-current=${active === s.id ? 'true' : undefined}>
                            <span class=${`swatch state-${s.id}`} aria-hidden="true"></span>
                            <span class="legend-words">${s.words}</span>
                            <span class="legend-count" data-state=${s.id}>${counts ? counts[s.id] ?? 0 : '…'}</span>
                        </a>
                    </li>`)}
            </ul>
        </section>`;
}

export const StateBadge = ({ state }) => html`<span class=${`badge state state-${state}`}><span class="glyph" aria-hidden="true">${stateGlyph(state)}</span> ${stateWords(state)}</span>`;

function Blockers({ blockers }) {
    if (!blockers?.length) return html`<span class="muted">None</span>`;
    return html`
        <ul class="fleet-blockers">
            ${blockers.map((b, i) => html`
                <li key=${`${b.code}-${i}`}>
                    <p class="blocker-name">${blockerWords(b.code)}</p>
                    <p>${b.detail}</p>
                    ${b.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${b.remedy}</p>`}
                </li>`)}
        </ul>`;
}

function LastRun({ run }) {
    if (!run) return html`<span class="muted">None yet</span>`;
    const outcome = run.status === 'completed' ? (run.result ?? run.status) : run.status;
    return html`
        <span class=${`run-line run-outcome ${outcome}`}>${runWords(run)}</span>
        <time class="muted" datetime=${run.at} title=${run.at}>${dateText(run.at)}</time>`;
}

/** The usage pull's state: a badge in words, through when the calls are in, and what to do when the app cannot read them. */
function Usage({ usage }) {
    if (!usage) return html`<span class="muted">—</span>`;
    return html`
        <span class=${`badge usage usage-${usage.state}`}><span class="glyph" aria-hidden="true">${usageGlyph(usage.state)}</span> ${usageWords(usage.state)}</span>
        ${usage.lastPulledThrough && html`<p class="muted usage-through">Calls in up to <time datetime=${usage.lastPulledThrough} title=${usage.lastPulledThrough}>${dateText(usage.lastPulledThrough)}</time></p>`}
        ${usage.remedy && html`<p class="remedy usage-remedy"><span class="label">What to do:</span> ${usage.remedy}</p>`}
        ${usage.adminConsentUrl && html`<p><a href=${usage.adminConsentUrl} target="_blank" rel="noopener noreferrer">The customer's admin consent page</a></p>`}`;
}

/** Said above the table while some customers' calls cannot be read: how many, and a link to them. */
function ConsentNotice({ count, active }) {
    if (!count || active) return null;
    return html`
        <p class="notice usage-notice" role="note">
            <span class="glyph" aria-hidden="true">!</span>
            ${customers(count)}: the app holds no consent to read ${count === 1 ? 'its' : 'their'} calls from Microsoft Graph, so ${count === 1 ? 'its' : 'their'} usage is not pulled.
            <a href=${fleetHash({ usage: 'consent-missing' })}>Show ${count === 1 ? 'it' : 'them'}, with what to do</a>
        </p>`;
}

/** This month's overage forecast: the expected amount, the range under it; a dash when no usage came in this month. */
function Forecast({ f }) {
    if (!f) return html`<span class="muted" title="No usage imported or pulled this month">—</span>`;
    return html`
        <span class="forecast-expected">${moneyText(f.overageAmount.expected, f.currency)}</span>
        <span class="muted forecast-range">${moneyText(f.overageAmount.low, f.currency)}–${moneyText(f.overageAmount.high, f.currency)}</span>`;
}

/**
 * The rows in the order asked for: the API's (by name), or by this month's
 * forecast overage, highest or lowest first, customers without one last. The
 * page sorts what it loaded (100 a page, "Show more" adds to it): the API keeps
 * its name order and its paging, so GET /api/readiness costs what it did.
 */
export function sortRows(items, sort) {
    if (!sort) return items;
    const value = (i) => (i.forecastOverage ? Number(i.forecastOverage.overageAmount.expected) : null);
    const sign = sort === 'forecast-desc' ? -1 : 1;
    return [...items].sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sign * (x - y);
    });
}

const NEXT_SORT = { '': 'forecast-desc', 'forecast-desc': 'forecast-asc', 'forecast-asc': '' };
const ARIA_SORT = { 'forecast-desc': 'descending', 'forecast-asc': 'ascending' };
const SORT_WORDS = { '': 'not sorted', 'forecast-desc': 'highest first', 'forecast-asc': 'lowest first' };

function Row({ item, showReseller }) {
    return html`
        <tr>
            <th scope="row" data-label="Customer">
                <a class="customer-link" href=${customerHash(item.customerTenantId)} data-tenant=${item.customerTenantId}>${item.name}</a>
                <span class="tenant muted">${item.customerTenantId}</span>
            </th>
            <td data-label="State"><${StateBadge} state=${item.state} /></td>
            <td data-label="Blockers" class=${item.blockers?.length ? 'blockers-cell' : ''}><${Blockers} blockers=${item.blockers} /></td>
            <td data-label="Who pays now">${payerText(item.payerNow)}</td>
            <td data-label="Last run"><${LastRun} run=${item.lastRun} /></td>
            <td data-label="Usage" class=${item.usage?.remedy ? 'usage-cell attention' : 'usage-cell'}><${Usage} usage=${item.usage} /></td>
            <td data-label="Forecast overage this month" class="forecast-cell"><${Forecast} f=${item.forecastOverage} /></td>
            ${showReseller && html`<td data-label="Reseller">${item.reseller ? (item.reseller.name ?? `Partner ${item.reseller.partnerId}`) : html`<span class="muted">Direct</span>`}</td>`}
        </tr>`;
}

/** The search box: typing narrows the table after a pause, in place of the current address (Back skips the keystrokes). */
function Search({ value, onSearch }) {
    const [text, setText] = useState(value);
    const timer = useRef(null);
    useEffect(() => { setText(value); }, [value]);
    useEffect(() => () => clearTimeout(timer.current), []);
    const typed = (v) => {
        setText(v);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => onSearch(v.trim(), true), 300);
    };
    return html`
        <form class="field search" role="search" onSubmit=${(e) => { e.preventDefault(); clearTimeout(timer.current); onSearch(text.trim(), false); }}>
            <label for="fleet-q">Search</label>
            <input id="fleet-q" type="search" value=${text} autocomplete="off" spellcheck="false" placeholder="Name or tenant id" onInput=${(e) => typed(e.currentTarget.value)} />
        </form>`;
}

export function Fleet({ token: current, me, filters, names, returnTo, onUnauthorized }) {
    // the latest token (Entra ID renews it) without reading the fleet again for it
    const tokenRef = useRef(current);
    tokenRef.current = current;
    const token = tokenRef.current;
    const [page, setPage] = useState(null); // {items, counts, matched, asOf, continuationToken} of the current filters
    const [more, setMore] = useState(false);
    const [error, setError] = useState(null);
    const [reads, setReads] = useState(0);
    const [csv, setCsv] = useState({ busy: false, error: null, saved: null });
    const [job, setJob] = useState(() => ({ url: followedJob(me), initial: null }));
    const [sort, setSort] = useState('');
    const heading = useRef(null);
    const table = useRef(null);
    const key = `${filters.state}|${filters.blocker}|${filters.usage}|${filters.q}`;

    useEffect(() => {
        let live = true;
        setError(null);
        readPage(token, filters).then((body) => {
            if (!live) return;
            setPage({ ...body, key });
            for (const i of body.items ?? []) names.set(i.customerTenantId, i.name);
        }, (e) => {
            if (!live) return;
            if (e.status === 401) onUnauthorized();
            else setError(e);
        });
        return () => { live = false; };
    }, [key, reads]);

    // "Assessed 5 minutes ago" stays true while the page is open
    const [, setNow] = useState(0);
    useEffect(() => {
        const timer = setInterval(() => setNow(Date.now()), 30_000);
        return () => clearInterval(timer);
    }, []);

    // where the reader comes from: back from a customer, its link; else the heading
    useEffect(() => {
        if (!returnTo) heading.current?.focus();
    }, []);
    useEffect(() => {
        if (!returnTo || !page) return;
        const link = table.current?.querySelector(`a[data-tenant="${CSS.escape(returnTo)}"]`);
        if (link && document.activeElement === document.body) link.focus();
        else if (!link && document.activeElement === document.body) heading.current?.focus();
    }, [page === null]);

    const showMore = async () => {
        setMore(true);
        try {
            const body = await readPage(token, filters, page.continuationToken);
            const first = body.items?.[0]?.customerTenantId;
            setPage((p) => (p.key !== key ? p : { ...body, key: p.key, items: [...p.items, ...(body.items ?? [])] }));
            for (const i of body.items ?? []) names.set(i.customerTenantId, i.name);
            // on to the first customer added (the button may be gone): the reader goes on from where the list grew
            if (first) requestAnimationFrame(() => table.current?.querySelector(`a[data-tenant="${CSS.escape(first)}"]`)?.focus());
        } catch (e) {
            setError(e);
        } finally {
            setMore(false);
        }
    };

    const exportCsv = async () => {
        setCsv({ busy: true, error: null, saved: null });
        try {
            const saved = await download(token, `${API}/readiness.csv${readinessUrl(filters)}`, `fleet-${me.partnerId}.csv`);
            setCsv({ busy: false, error: null, saved });
        } catch (e) {
            setCsv({ busy: false, error: e, saved: null });
        }
    };

    const started = (url, initial) => {
        followJob(me, url);
        setJob({ url, initial });
    };
    const closeJob = () => {
        followJob(me, null);
        setJob({ url: null, initial: null });
        heading.current?.focus();
    };

    const set = (change, replace = false) => go(fleetHash({ ...filters, ...change }), { replace });
    // busy while what is shown is not yet what the filters ask for
    const busy = !error && (!page || page.key !== key);
    const items = sortRows(page?.items ?? [], sort);
    const showReseller = items.some((i) => i.reseller);
    // the blockers present in the whole fleet, with how many customers have each
    const blockerCounts = page?.blockerCounts ?? {};
    const blockerOptions = [...new Set([...Object.keys(blockerCounts), ...(filters.blocker ? [filters.blocker] : [])])].sort((a, b) => blockerWords(a).localeCompare(blockerWords(b)));
    const filtered = Boolean(filters.state || filters.blocker || filters.usage || filters.q);
    const columns = showReseller ? 8 : 7;
    const isAdmin = me.roles.includes('AdminAgent');

    return html`
        <section class="panel fleet" aria-labelledby="fleet-h">
            <div class="fleet-head">
                <div>
                    <h1 id="fleet-h" tabindex="-1" ref=${heading}>Fleet</h1>
                    <p class="muted asof">${page ? (page.asOf ? html`Assessed <time datetime=${page.asOf} title=${dateText(page.asOf)}>${relativeText(page.asOf)}</time>` : 'Not assessed yet') : html`\u00a0`}</p>
                </div>
                <div class="page-actions">
                    <button type="button" class="secondary" disabled=${csv.busy} onClick=${exportCsv}>${csv.busy ? 'Exporting…' : 'Export CSV'}</button>
                    ${isAdmin && !job.url && (page?.counts?.ready ?? 0) > 0 && html`<${EnableAllReady} token=${token} ready=${page.counts.ready} onStarted=${started} />`}
                </div>
            </div>
            <${Problem} error=${csv.error} />
            ${job.url && html`<${JobProgress} key=${job.url} token=${token} url=${job.url} initial=${job.initial}
                onEnded=${() => { followJob(me, null); setReads((n) => n + 1); }} onClose=${closeJob} />`}
            <${StateBar} counts=${page?.counts} active=${filters.state} />
            <${Problem} error=${error} />
            <${ConsentNotice} count=${page?.usageCounts?.['consent-missing']} active=${filters.usage === 'consent-missing'} />
            <div class="filters" role="group" aria-label="Filters">
                <div class="field">
                    <label for="fleet-state">State</label>
                    <select id="fleet-state" value=${filters.state} onChange=${(e) => set({ state: e.currentTarget.value })}>
                        <option value="">All states</option>
                        ${STATES.map((s) => html`<option key=${s.id} value=${s.id}>${s.words}${page?.counts ? ` (${page.counts[s.id] ?? 0})` : ''}</option>`)}
                    </select>
                </div>
                <div class="field">
                    <label for="fleet-blocker">Blocker</label>
                    <select id="fleet-blocker" value=${filters.blocker} disabled=${blockerOptions.length === 0} aria-describedby=${blockerOptions.length === 0 ? 'fleet-blocker-none' : undefined} onChange=${(e) => set({ blocker: e.currentTarget.value })}>
                        <option value="">Any or none</option>
                        ${blockerOptions.map((c) => html`<option key=${c} value=${c}>${blockerWords(c)} (${blockerCounts[c] ?? 0})</option>`)}
                    </select>
                    ${blockerOptions.length === 0 && page && html`<span id="fleet-blocker-none" class="sr-only">No customer has a blocker.</span>`}
                </div>
                <div class="field">
                    <label for="fleet-usage">Usage</label>
                    <select id="fleet-usage" value=${filters.usage} onChange=${(e) => set({ usage: e.currentTarget.value })}>
                        <option value="">Any</option>
                        ${USAGE_STATES.map((u) => html`<option key=${u.id} value=${u.id}>${u.words}${page?.usageCounts ? ` (${page.usageCounts[u.id] ?? 0})` : ''}</option>`)}
                    </select>
                </div>
                <${Search} value=${filters.q} onSearch=${(q, replace) => set({ q }, replace)} />
                ${filtered && html`<div class="filter-actions"><a class="button secondary" href=${fleetHash({})}>Clear filters</a></div>`}
            </div>
            <p class="count muted" role="status">${page ? `${customers(page.matched)} ${filtered ? (page.matched === 1 ? 'matches' : 'match') : 'in the fleet'}${page.matched > items.length ? `, ${items.length} shown` : ''}` : ''}${csv.saved ? ` · saved ${csv.saved}` : ''}</p>
            <div class="table-wrap" aria-busy=${busy ? 'true' : 'false'} data-shown=${page?.key} ref=${table}>
                <table class="customers fleet-table">
                    <caption class="sr-only">Customers of partner ${me.partnerId}${filtered ? ', filtered' : ''}: state, blockers, who pays now, last run, usage and this month's forecast overage</caption>
                    <thead><tr><th scope="col">Customer</th><th scope="col">State</th><th scope="col">Blockers and what to do</th><th scope="col">Who pays now</th><th scope="col">Last run</th><th scope="col">Usage</th><th scope="col" class="sortable" aria-sort=${ARIA_SORT[sort]}><button type="button" class="link sort" onClick=${() => setSort(NEXT_SORT[sort])}>Forecast overage this month <span class="sort-glyph" aria-hidden="true">${sort === 'forecast-desc' ? '↓' : sort === 'forecast-asc' ? '↑' : '↕'}</span><span class="sr-only">, ${SORT_WORDS[sort]}; sorts the customers shown</span></button></th>${showReseller && html`<th scope="col">Reseller</th>`}</tr></thead>
                    <tbody>
                        ${page === null && !error && [0, 1, 2, 3, 4, 5].map((i) => html`<tr class="skeleton" key=${i}><td colspan=${columns}><span class="bone"></span></td></tr>`)}
                        ${items.map((i) => html`<${Row} key=${i.customerTenantId} item=${i} showReseller=${showReseller} />`)}
                        ${page && items.length === 0 && html`<tr class="empty"><td colspan=${columns}>${page.counts?.total
                            ? html`No customer matches these filters. <a href=${fleetHash({})}>Show all customers</a>.`
                            : 'No customer has been assessed yet: the fleet is read from Partner Center on a schedule (every 15 minutes unless your operator set another); look again after the next read.'}</td></tr>`}
                    </tbody>
                </table>
            </div>
            ${!busy && page?.continuationToken && html`<button type="button" class="secondary more" disabled=${more} onClick=${showMore}>${more ? 'Loading…' : `Show more (${page.matched - items.length} more)`}</button>`}
        </section>`;
}
