// The console's addresses, in the hash so the page itself is one URL the app
// serves (and the sign-in's redirect URI stays that URL):
//   #/fleet?state=blocked&blocker=gdap-missing&usage=consent-missing&q=con   the fleet, filtered (also the empty hash)
//   #/customers/{tenantId}                              one customer
//   #/customers/{tenantId}/runs/{runId}                 one customer, with one of its runs open
//   #/customers/{tenantId}/handovers/{handoverId}       one customer, with one of its handovers open
//   #/customers/{tenantId}/accruals/{yyyy-mm}           one customer's month, rated or to rate
// The filters live in the address, so a link, a reload, Back and Forward keep them.
// An address that names nothing the console shows (a mistyped id or month)
// is a page of its own, "not found", with the nearest place that exists.

export const FILTERS = ['state', 'blocker', 'usage', 'q'];

const TENANT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// the API's run and handover ids (RunId in shared/features/overage/runs.ts)
const RUN_ID = /^[A-Za-z0-9-]{1,200}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const OPEN = { runs: ['run', RUN_ID], handovers: ['handover', RUN_ID], accruals: ['month', MONTH] };

const decode = (s) => {
    try {
        return decodeURIComponent(s);
    } catch {
        return null; // a broken escape names nothing
    }
};

const notFound = (back, what) => ({ page: 'not-found', back, what });

/** One customer's address, or what it points at: {page: 'customer', id, open?: {run|handover|month}}, or not found. */
function customerRoute(parts) {
    const id = decode(parts[0] ?? '');
    if (!id || !TENANT.test(id)) return notFound(fleetHash(), 'customer');
    if (parts.length === 1) return { page: 'customer', id };
    const kind = OPEN[parts[1]];
    const value = parts.length === 3 ? decode(parts[2]) : null;
    if (!kind) return notFound(customerHash(id), 'page');
    if (!value || !kind[1].test(value)) return notFound(customerHash(id), kind[0]);
    return { page: 'customer', id, open: { [kind[0]]: value } };
}

/**
 * {page: 'fleet', filters: {state, blocker, usage, q}}, {page: 'customer', id, open?},
 * or {page: 'not-found', back, what}. A hash that is no path (empty, or what a
 * sign-in's redirect leaves) is the fleet.
 */
export function parseRoute(hash = location.hash) {
    const h = hash.replace(/^#/, '');
    const at = h.indexOf('?');
    const path = at < 0 ? h : h.slice(0, at);
    const parts = path.split('/').filter((p, i, all) => p !== '' || (i > 0 && i < all.length - 1));
    if (path.startsWith('/customers/')) return customerRoute(parts.slice(1));
    if (path.startsWith('/') && path !== '/' && path !== '/fleet' && path !== '/fleet/') return notFound(fleetHash(), 'page');
    const query = new URLSearchParams(path === '/fleet' || path === '/fleet/' ? h.slice(at + 1 || h.length) : '');
    return { page: 'fleet', filters: Object.fromEntries(FILTERS.map((k) => [k, query.get(k)?.trim() ?? ''])) };
}

/** '#/fleet' with the filters that are set, in a fixed order. */
export function fleetHash(filters = {}) {
    const query = new URLSearchParams();
    for (const k of FILTERS) if (filters[k]) query.set(k, filters[k]);
    const s = query.toString();
    return `#/fleet${s ? `?${s}` : ''}`;
}

export const customerHash = (id) => `#/customers/${encodeURIComponent(id)}`;
export const runHash = (id, runId) => `${customerHash(id)}/runs/${encodeURIComponent(runId)}`;
export const handoverHash = (id, handoverId) => `${customerHash(id)}/handovers/${encodeURIComponent(handoverId)}`;
/** YYYY-MM `by` months from `month` (a month's neighbours; the months before the current one). */
export function shiftMonth(month, by) {
    const [y, m] = month.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

export const monthHash = (id, month) => `${customerHash(id)}/accruals/${encodeURIComponent(month)}`;

/** Goes to `hash` as a new history entry (Back returns), or in place of the current one (typing in the search box). */
export function go(hash, { replace = false } = {}) {
    if (location.hash === hash) return;
    if (replace) {
        history.replaceState(history.state, '', hash);
        // replaceState fires no hashchange: say it ourselves so the page follows
        dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
        location.hash = hash;
    }
}
