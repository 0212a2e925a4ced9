// A run or a handover the address opens on a customer's page
// (#/customers/{id}/runs/{runId}, .../handovers/{handoverId}): read by its id,
// followed while it moves, and each change of its status told to the page,
// which then reads its lists and facts again (the customer declined: the
// handovers list says so too, without leaving the page). An id the API does
// not know for the caller's partner is "not found", with the way back.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { ApiError, call, customerUrl } from './api.js';
import { Problem } from './problem.js';
import { ENDED, Run } from './run.js';
import { HandoverView } from './actions.js';
import { customerHash } from './route.js';

const RUN_POLL_MS = 1000;

/**
 * Calls `onChange` whenever `status` differs from the one seen before it;
 * `before` is the status the page knew before its first read (a run it just
 * started: "running"), so a run that ended before that read counts as a move.
 */
export function useStatusChange(status, onChange, before) {
    const seen = useRef(before);
    useEffect(() => {
        if (status === undefined) return;
        if (seen.current !== undefined && seen.current !== status) onChange?.(status);
        seen.current = status;
    }, [status]);
}

/** The API's answer for one resource: {body}, {missing: true} on 404, {error}; read again after `everyMs` while `moving(body)`. */
function useResource(token, url, moving, everyMs) {
    const [state, setState] = useState(null);
    useEffect(() => {
        let live = true;
        let timer;
        const read = async () => {
            const r = await call(token, 'GET', url).catch(() => null);
            if (!live) return;
            if (r?.status === 200) setState({ body: r.body });
            else if (r?.status === 404) return setState({ missing: true });
            else if (r) return setState({ error: new ApiError(r.status, r.body) });
            // a network blip: try again; an answer that still moves: read it again
            if (!r || moving(r.body)) timer = setTimeout(read, everyMs);
            return undefined;
        };
        setState(null);
        read();
        return () => { live = false; clearTimeout(timer); };
    }, [url]);
    return state;
}

function NotHere({ what, id }) {
    return html`
        <div class="not-found" role="alert">
            <p><strong>Not found.</strong> Your partner has no ${what} with this id for this customer.</p>
            <p><a href=${customerHash(id)}>Back to the customer</a></p>
        </div>`;
}

/** The run the address names, followed until it ends. */
export function OpenRun({ token, id, runId, startedAs, onChange }) {
    const read = useResource(token, customerUrl(id, `/overage/runs/${encodeURIComponent(runId)}`), (run) => !ENDED.has(run.status), RUN_POLL_MS);
    useStatusChange(read?.body?.status, onChange, startedAs);
    return html`
        <section class="card open-item" aria-label="The run" aria-busy=${read === null ? 'true' : 'false'}>
            ${read === null && html`<p class="loading" role="status">Reading the run…</p>`}
            ${read?.missing && html`<${NotHere} what="run" id=${id} />`}
            <${Problem} error=${read?.error} />
            ${read?.body && html`<${Run} token=${token} run=${read.body} />`}
        </section>`;
}

/** The handover the address names, with its decisions (HandoverView reads it again while answers are awaited). */
export function OpenHandover({ token, id, handoverId, me, names, subscriptions, onChange }) {
    const read = useResource(token, customerUrl(id, `/overage/handovers/${encodeURIComponent(handoverId)}`), () => false, 0);
    const [status, setStatus] = useState(undefined);
    useStatusChange(status, onChange);
    return html`
        <section class="card open-item" aria-label="The handover" aria-busy=${read === null ? 'true' : 'false'}>
            ${read === null && html`<p class="loading" role="status">Reading the handover…</p>`}
            ${read?.missing && html`<${NotHere} what="handover" id=${id} />`}
            <${Problem} error=${read?.error} />
            ${read?.body && html`<${HandoverView} token=${token} handover=${read.body} me=${me} names=${names} subscriptions=${subscriptions} onStatus=${setStatus} />`}
        </section>`;
}
