// A customer's name for a page's heading, where the address alone named it.
import { useEffect, useState } from './vendor/htm-preact.js';
import { API, call } from './api.js';

/** The customer's name: as the fleet gave it, else from the fleet's read model (a deep link or a reload); the tenant id until then. */
export function useName(token, id, known) {
    const [name, setName] = useState(known ?? null);
    useEffect(() => {
        if (known) return undefined;
        let live = true;
        call(token, 'GET', `${API}/readiness?q=${encodeURIComponent(id)}&limit=5`).then((r) => {
            const item = r.status === 200 ? (r.body.items ?? []).find((i) => i.customerTenantId.toLowerCase() === id.toLowerCase()) : null;
            if (live) setName(item?.name ?? id);
        }, () => live && setName(id));
        return () => { live = false; };
    }, [id, known]);
    return name;
}
