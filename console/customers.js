// The partner's customers and their overage state, from GET /api/customers
// (the read model); under the local host, the demo world's customers of the
// partner the read model does not hold yet, each with its GET …/overage answer.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, ApiError, call, customerUrl } from './api.js';

/** One row: {customerTenantId, name, overageEnabled, ownerPartnerId, azureEntitlementId, payer, error}. */
function fromList(item) {
    return {
        customerTenantId: item.customerTenantId,
        name: item.name,
        overageEnabled: Boolean(item.overage?.enabled),
        ownerPartnerId: item.overage?.partnerId ?? null,
        azureEntitlementId: item.overage?.azureEntitlementId ?? null,
        payer: item.payerNow ?? null,
    };
}

async function listed(token) {
    const items = [];
    let next = null;
    do {
        const url = `${API}/customers${next ? `?continuationToken=${encodeURIComponent(next)}` : ''}`;
        const r = await call(token, 'GET', url);
        if (r.status !== 200) throw new ApiError(r.status, r.body);
        items.push(...(r.body.items ?? []).map(fromList));
        next = r.body.continuationToken ?? null;
    } while (next);
    return items;
}

/** Under the local host only: the demo world's customers of the partner not in `known`, each read through GET …/overage. */
async function demoCustomers(token, me, known) {
    const probe = await fetch('/simulator/token', { cache: 'no-store' }).catch(() => null);
    const world = probe && probe.status !== 404
        ? await fetch('/simulator/world', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : null)).catch(() => null)
        : null;
    if (!world) return null;
    const mine = world.customers.filter((c) => !known.has(c.tenantId) && (c.subscriptions ?? []).some((s) => s.partnerId === me.partnerId));
    return Promise.all(mine.map(async (c) => {
        const r = await call(token, 'GET', customerUrl(c.tenantId, '/overage'));
        if (r.status !== 200) return { customerTenantId: c.tenantId, name: c.name, error: r.body?.detail ?? `HTTP ${r.status}` };
        return {
            customerTenantId: c.tenantId,
            name: c.name,
            overageEnabled: r.body.overageEnabled,
            ownerPartnerId: r.body.ownerPartnerId,
            azureEntitlementId: r.body.azureEntitlementId,
            payer: r.body.credits?.payer ?? null,
        };
    }));
}

// the diagnostics' words (communicationsCredits, nothing) and the customer list's (credits, nobody)
const PAYER = { overage: 'Overage (post-paid)', communicationsCredits: 'Communications Credits', credits: 'Communications Credits', nothing: 'Nobody: calls refused', nobody: 'Nobody: calls refused' };

export function overageText(row, me) {
    if (!row.overageEnabled) return 'Off';
    return row.ownerPartnerId && row.ownerPartnerId !== me.partnerId ? `On (partner ${row.ownerPartnerId})` : 'On';
}

export function payerText(payer) {
    return payer ? (PAYER[payer] ?? payer) : '—';
}

export function Customers({ token, me, onOpen, onUnauthorized }) {
    const [rows, setRows] = useState(null);
    const [source, setSource] = useState(null);
    const [error, setError] = useState(null);
    const [filter, setFilter] = useState(() => sessionStorage.getItem('telco-overage-console.filter') ?? '');
    const heading = useRef(null);
    useEffect(() => {
        let live = true;
        (async () => {
            try {
                const items = await listed(token);
                // the list API answers from a read model a sync fills; the local host adds the demo world's customers it lacks
                const demo = await demoCustomers(token, me, new Set((items ?? []).map((i) => i.customerTenantId)));
                if (live) {
                    setRows([...(items ?? []), ...(demo ?? [])].sort((a, b) => a.name.localeCompare(b.name)));
                    setSource(demo?.length ? 'demo' : 'api');
                }
            } catch (e) {
                if (e.status === 401) onUnauthorized();
                else if (live) setError(e);
            }
        })();
        heading.current?.focus();
        return () => { live = false; };
    }, [token]);
    const setAndKeep = (v) => {
        sessionStorage.setItem('telco-overage-console.filter', v);
        setFilter(v);
    };
    const q = filter.trim().toLowerCase();
    const shown = (rows ?? []).filter((r) => !q || r.name.toLowerCase().includes(q) || r.customerTenantId.includes(q));
    return html`
        <section class="panel" aria-labelledby="customers-h">
            <h1 id="customers-h" tabindex="-1" ref=${heading}>Customers</h1>
            <div class="toolbar">
                <label for="filter">Filter customers</label>
                <input id="filter" type="search" value=${filter} autocomplete="off" placeholder="Name or tenant id" onInput=${(e) => setAndKeep(e.currentTarget.value)} />
                <span class="count muted" role="status">${rows ? `${shown.length} of ${rows.length}` : ''}</span>
            </div>
            ${source === 'demo' && html`<p class="hint">Local host: the simulator’s demo customers of your partner are listed too, read one by one, until the customer list has them.</p>`}
            ${error && html`<div class="error" role="alert"><p>${error.message}</p>${error.remedy && html`<p>${error.remedy}</p>`}</div>`}
            <div class="table-wrap" aria-busy=${rows === null ? 'true' : 'false'}>
                <table class="customers">
                    <caption class="sr-only">Customers of partner ${me.partnerId} and their overage</caption>
                    <thead><tr><th scope="col">Customer</th><th scope="col">Overage</th><th scope="col">Subscription</th><th scope="col">Who pays now</th></tr></thead>
                    <tbody>
                        ${rows === null && [0, 1, 2, 3, 4, 5].map((i) => html`<tr class="skeleton" key=${i}><td colspan="4"><span class="bone"></span></td></tr>`)}
                        ${shown.map((r) => html`
                            <tr key=${r.customerTenantId}>
                                <th scope="row" data-label="Customer"><button type="button" class="link" onClick=${() => onOpen(r)}>${r.name}</button><span class="tenant muted">${r.customerTenantId}</span></th>
                                ${r.error
                                    ? html`<td colspan="3" data-label="Overage" class="error-text">${r.error}</td>`
                                    : html`
                                        <td data-label="Overage"><span class=${`badge ${r.overageEnabled ? 'on' : 'off'}`}>${overageText(r, me)}</span></td>
                                        <td data-label="Subscription" class="mono">${r.azureEntitlementId ?? '—'}</td>
                                        <td data-label="Who pays now">${payerText(r.payer)}</td>`}
                            </tr>`)}
                        ${rows && shown.length === 0 && html`<tr><td colspan="4">No customer matches “${filter}”.</td></tr>`}
                    </tbody>
                </table>
            </div>
        </section>`;
}
