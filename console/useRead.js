// One API read for a component: made once `wanted` (again when the URL
// changes), an answer that comes after the component moved on is dropped.
import { useEffect, useState } from './vendor/htm-preact.js';
import { ok } from './api.js';

/** Null until read, then the body, or `{ error }` when the API refused. */
export function useRead(token, url, wanted = true) {
    const [body, setBody] = useState(null);
    useEffect(() => {
        if (!wanted) return undefined;
        let live = true;
        ok(token, 'GET', url).then((r) => live && setBody(r.body), (error) => live && setBody({ error }));
        return () => { live = false; };
    }, [token, url, wanted]);
    return body;
}
