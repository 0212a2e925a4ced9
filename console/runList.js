// The caller's partner's runs of a customer's overage, newest first (GET
// .../overage/runs): what each was, when, how it ended, each a link to its
// own address where it reopens with its audit trail. A handover's run opens
// as the handover, with its decisions.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { customerUrl, ok } from './api.js';
import { When } from './format.js';
import { Problem } from './problem.js';
import { runKindWords, runWords } from './words.js';
import { handoverHash, runHash } from './route.js';

const SHOWN = 10;

/** Where a run reopens: a handover's at the handover, every other at the run. */
export const runHref = (id, run) => (run.kind === 'handover' ? handoverHash(id, run.id) : runHash(id, run.id));

/** `read` changes when the page knows a run moved: the list is read again. */
export function Runs({ token, id, read = 0, openId }) {
    const [items, setItems] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        let live = true;
        ok(token, 'GET', customerUrl(id, `/overage/runs?limit=${SHOWN}`)).then((r) => live && setItems(r.body.items ?? []), (e) => live && setError(e));
        return () => { live = false; };
    }, [id, read]);
    return html`
        <section class="card runs" aria-labelledby="runs-h" aria-busy=${items === null && !error ? 'true' : 'false'}>
            <h2 id="runs-h">Runs</h2>
            <${Problem} error=${error} />
            ${items === null && !error && html`<p class="loading">Loading…</p>`}
            ${items?.length === 0 && html`<p>Your partner has not run anything on this customer’s overage yet.</p>`}
            ${items?.length > 0 && html`
                <ul class="run-list">
                    ${items.map((r) => html`
                        <li key=${r.id}>
                            <a href=${runHref(id, r)} aria-current=${r.id === openId ? 'page' : undefined}>${runKindWords(r.kind)}, <${When} at=${r.startedAt} /></a>
                            <span> · </span><span class="run-outcome">${runWords(r)}</span>
                        </li>`)}
                </ul>`}
        </section>`;
}
