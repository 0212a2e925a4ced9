// AdminAgent actions beyond enabling: switching overage off (confirmed in a
// native dialog), starting a handover to another partner, followed live, and
// cancelling one the caller's partner asked for while answers are awaited.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, call, customerUrl, ok } from './api.js';
import { Problem } from './problem.js';

const GUID_OR_NEW = '\\s*(new|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})\\s*';
const LIVE = new Set(['awaiting-approvals', 'switching']);
const when = (at) => (at ? `${String(at).replace('T', ' ').slice(0, 16)} UTC` : '');

/**
 * A button that asks in a native dialog before it acts (focus returns to it
 * when the dialog closes); the API's refusal shows with its detail and remedy.
 */
function ConfirmedAction({ id, button, title, detail, yes, no, act, onDone }) {
    const dialog = useRef(null);
    const opener = useRef(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const close = () => {
        dialog.current?.close();
        opener.current?.focus();
    };
    const confirm = async () => {
        setBusy(true);
        setError(null);
        try {
            const done = await act();
            dialog.current?.close();
            onDone(done);
        } catch (err) {
            dialog.current?.close();
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <${Problem} error=${error} />
        <button type="button" class="secondary danger" ref=${opener} disabled=${busy} onClick=${() => dialog.current?.showModal()}>${button}</button>
        <dialog ref=${dialog} class="confirm" aria-labelledby=${`${id}-h`} aria-describedby=${`${id}-d`} onCancel=${() => opener.current?.focus()}>
            <h2 id=${`${id}-h`}>${title}</h2>
            <p id=${`${id}-d`}>${detail}</p>
            <div class="dialog-buttons">
                <button type="button" class="primary danger" disabled=${busy} onClick=${confirm}>${yes}</button>
                <button type="button" class="secondary" onClick=${close}>${no}</button>
            </div>
        </dialog>`;
}

/** "Switch overage off": PUT the Partner Center shape with overageEnabled false, after a confirmation. */
export function DisableOverage({ token, customer, onRun }) {
    const act = () => ok(token, 'PUT', `${API}/v1/customers/${encodeURIComponent(customer.customerTenantId)}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false });
    return html`
        <div class="disable" aria-labelledby="disable-h" role="group">
            <h3 id="disable-h">Switch overage off</h3>
            <p>Calls beyond the included minutes will be refused once no one pays for them.</p>
            <${ConfirmedAction} id="confirm-disable" button="Switch overage off" title=${`Switch overage off for ${customer.name}?`}
                detail="Post-paid billing stops; the customer's calls beyond the included minutes are refused unless credits pay for them."
                yes="Yes, switch it off" no="Keep it on" act=${act} onDone=${(r) => onRun(r.body, r.headers.get('location') ?? r.body.links?.self)} />
        </div>`;
}

function Decision({ label, d }) {
    return html`<dt>${label}</dt><dd>${d ? html`${d.decision ?? 'answered'}${d.at ? html` · <time datetime=${d.at}>${when(d.at)}</time>` : ''}` : 'awaited'}</dd>`;
}

/** Whether the signed-in agent may cancel it: an AdminAgent of the requesting partner, while answers are awaited. */
export const cancellable = (h, me) => h.status === 'awaiting-approvals' && me?.roles.includes('AdminAgent') && h.requestedBy?.partnerId === me.partnerId;

/** "Cancel this handover": DELETE on its link after a confirmation; the run mails all three parties. */
export function CancelHandover({ token, handover, onCancelled }) {
    const act = () => {
        const url = new URL(handover.links.self, location.href);
        return ok(token, 'DELETE', url.pathname + url.search);
    };
    return html`
        <div class="cancel-handover">
            <${ConfirmedAction} id=${`cancel-${handover.id}`} button="Cancel this handover" title=${`Cancel the handover to partner ${handover.toPartnerId}?`}
                detail="Nothing changes at Partner Center; the three parties are told it was cancelled, and their links stop working."
                yes="Yes, cancel it" no="Keep waiting" act=${act} onDone=${(r) => onCancelled(r.body)} />
        </div>`;
}

/** One handover resource, read again every few seconds while it is still moving. */
export function HandoverView({ token, handover, me }) {
    const [h, setH] = useState(handover);
    const heading = useRef(null);
    useEffect(() => { setH(handover); heading.current?.focus(); }, [handover.id]);
    useEffect(() => {
        if (!LIVE.has(h.status) || !h.links?.self) return undefined;
        const url = new URL(h.links.self, location.href);
        const timer = setTimeout(async () => {
            const r = await call(token, 'GET', url.pathname + url.search).catch(() => null);
            if (r?.status === 200) setH({ ...r.body });
            else setH((x) => ({ ...x }));
        }, 3000);
        return () => clearTimeout(timer);
    }, [h]);
    return html`
        <section class="handover" aria-labelledby="handover-h">
            <h3 id="handover-h" tabindex="-1" ref=${heading}>Handover <span class="mono">${h.id}</span></h3>
            <dl class="facts" aria-live="polite">
                <dt>Status</dt><dd class="handover-status"><span class=${`badge ${h.status}`}>${h.status}</span></dd>
                <dt>From partner</dt><dd>${h.fromPartnerId ?? '—'}</dd>
                <dt>To partner</dt><dd>${h.toPartnerId ?? '—'}</dd>
                <dt>Subscription</dt><dd class="mono">${h.azureEntitlementId ?? '—'}</dd>
                <${Decision} label="Current partner" d=${h.decisions?.currentPartner} />
                <${Decision} label="New partner" d=${h.decisions?.newPartner} />
                <${Decision} label="Customer" d=${h.decisions?.customer} />
                <dt>Answers due by</dt><dd>${h.expiresAt ? html`<time datetime=${h.expiresAt}>${when(h.expiresAt)}</time>` : '—'}</dd>
                <dt>Reminders</dt><dd>${h.reminders?.length ? h.reminders.map((r) => `${when(r.at)} to ${(r.parties ?? []).join(', ')}`).join('; ') : 'none sent'}</dd>
            </dl>
            ${h.outcome?.detail && html`<p>${h.outcome.detail}</p>`}
            ${h.outcome?.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${h.outcome.remedy}</p>`}
            ${cancellable(h, me) && html`<${CancelHandover} token=${token} handover=${h} onCancelled=${(after) => setH({ ...h, ...after })} />`}
        </section>`;
}

/** Start a handover of the customer's overage to another partner. */
export function StartHandover({ token, customer, me, onStarted }) {
    const [partner, setPartner] = useState('');
    const [subscription, setSubscription] = useState('');
    const [days, setDays] = useState('');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [handover, setHandover] = useState(null);
    const submit = async (e) => {
        e.preventDefault();
        setError(null);
        setBusy(true);
        try {
            const body = { service: 'PhoneServices', toPartnerId: partner.trim(), azureEntitlementId: subscription.trim(), ...(days.trim() ? { expiresInDays: Number(days) } : {}) };
            const r = await ok(token, 'POST', customerUrl(customer.customerTenantId, '/overage/handovers'), body);
            let resource = r.body;
            if (!resource?.status) {
                const loc = new URL(r.headers.get('location'), location.href);
                resource = (await ok(token, 'GET', loc.pathname + loc.search)).body;
            }
            setHandover(resource);
            onStarted?.(resource);
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <form class="handover-form" onSubmit=${submit} aria-labelledby="start-handover-h">
            <h3 id="start-handover-h">Hand over to another partner</h3>
            <div class="field">
                <label for="ho-partner">New partner id</label>
                <input id="ho-partner" type="text" inputmode="numeric" autocomplete="off" required pattern="\\s*\\d+\\s*" value=${partner} onInput=${(e) => setPartner(e.currentTarget.value)} />
            </div>
            <div class="field">
                <label for="ho-sub">Subscription of the new partner</label>
                <input id="ho-sub" class="mono" type="text" autocomplete="off" spellcheck="false" required pattern=${GUID_OR_NEW} aria-describedby="ho-sub-hint" value=${subscription} onInput=${(e) => setSubscription(e.currentTarget.value)} />
                <span id="ho-sub-hint" class="hint">A subscription id (8-4-4-4-12 hexadecimal digits), or <code>new</code></span>
            </div>
            <div class="field">
                <label for="ho-days">Days to answer (optional, 1 to 30)</label>
                <input id="ho-days" type="number" min="1" max="30" step="1" value=${days} onInput=${(e) => setDays(e.currentTarget.value)} />
            </div>
            <${Problem} error=${error} />
            <button type="submit" class="primary" disabled=${busy}>${busy ? 'Asking…' : 'Start the handover'}</button>
        </form>
        ${handover && html`<${HandoverView} token=${token} handover=${handover} me=${me} />`}`;
}
