// The console's addresses, in the hash so the page itself is one URL the app
// serves (and the sign-in's redirect URI stays that URL):
//   #/fleet?state=blocked&blocker=gdap-missing&usage=consent-missing&q=con   the fleet, filtered (also the empty hash)
//   #/customers/{tenantId}                              one customer
// The filters live in the address, so a link, a reload, Back and Forward keep them.

export const FILTERS = ['state', 'blocker', 'usage', 'q'];

/** {page: 'fleet', filters: {state, blocker, usage, q}} or {page: 'customer', id}; anything else is the fleet. */
export function parseRoute(hash = location.hash) {
    const h = hash.replace(/^#/, '');
    const at = h.indexOf('?');
    const path = at < 0 ? h : h.slice(0, at);
    const customer = /^\/customers\/([^/]+)\/?$/.exec(path);
    if (customer) {
        try {
            return { page: 'customer', id: decodeURIComponent(customer[1]) };
        } catch {
            // a broken escape: the fleet instead
        }
    }
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
