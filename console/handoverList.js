// The handovers of a customer's overage the caller's partner is part of,
// each with the three answers and, for the partner that asked, a way to cancel;
// each a link to its own address, where it reopens with its decisions.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { customerUrl, ok } from './api.js';
import { When } from './format.js';
import { Problem } from './problem.js';
import { CancelHandover, cancellable, partnerName } from './actions.js';
import { handoverHash } from './route.js';
import { decisionWords, handoverStatusWords } from './messages.js';

/** `changed` changes when the page knows a handover moved (the open one's status): the list is read again. */
export function Handovers({ token, id, me, names, changed = 0 }) {
    const [items, setItems] = useState(null);
    const [error, setError] = useState(null);
    const [read, setRead] = useState(0);
    useEffect(() => {
        ok(token, 'GET', customerUrl(id, '/overage/handovers')).then((r) => setItems(r.body.items ?? []), setError);
    }, [id, read, changed]);
    const answer = (d) => decisionWords(d?.decision);
    return html`
        <section class="card" aria-labelledby="handovers-h" aria-busy=${items === null && !error ? 'true' : 'false'}>
            <h2 id="handovers-h">Handovers</h2>
            <${Problem} error=${error} />
            ${items === null && !error && html`<p class="loading">Loading…</p>`}
            ${items?.length === 0 && html`<p>No handover of this customer’s overage involves your partner.</p>`}
            ${items?.length > 0 && html`
                <ul class="handovers">
                    ${items.map((h) => html`
                        <li key=${h.id}>
                            <p><span class=${`badge ${h.status}`}>${handoverStatusWords(h.status)}</span> <a href=${handoverHash(id, h.id)}>from ${partnerName(names, h.fromPartnerId)} to ${partnerName(names, h.toPartnerId)}</a></p>
                            <p class="muted">Asked <${When} at=${h.requestedAt} />${h.expiresAt ? html`, answers due by <${When} at=${h.expiresAt} />` : ''}</p>
                            <p>Current partner: ${answer(h.decisions?.currentPartner)} · new partner: ${answer(h.decisions?.newPartner)} · customer: ${answer(h.decisions?.customer)}</p>
                            ${h.outcome?.detail && html`<p>${h.outcome.detail}</p>`}
                            ${h.outcome?.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${h.outcome.remedy}</p>`}
                            ${cancellable(h, me) && html`<${CancelHandover} token=${token} handover=${h} names=${names} onCancelled=${() => setRead((n) => n + 1)} />`}
                        </li>`)}
                </ul>`}
        </section>`;
}

