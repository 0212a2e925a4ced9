// AdminAgent actions beyond enabling: switching overage off (confirmed in a
// native dialog), starting a handover (worded from the caller's side: taking
// over from the owner, or handing over to a partner picked by name), followed
// live, and cancelling one the caller's partner asked for while answers are
// awaited; and the picker of the customer's Azure subscriptions both use.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, call, customerUrl, ok } from './api.js';
import { Problem } from './problem.js';
import { CopyId, When } from './format.js';
import { decisionWords, handoverStatusWords, partyWords } from './messages.js';

const GUID = '\\s*[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\\s*';
const LIVE = new Set(['awaiting-approvals', 'switching']);
/** A partner by name where the deployment knows it (GET /api/partners), else its id. */
export const partnerName = (names, id) => (id ? (names?.get(id) ?? `partner ${id}`) : '—');

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

/** "Switch overage off": PUT the Partner Center shape with overageEnabled false (naming the reseller a provider acts for), after a confirmation. */
export function DisableOverage({ token, customer, reseller, onRun }) {
    const body = { azureEntitlementId: null, overageEnabled: false, ...(reseller ? { partnerId: reseller.partnerId } : {}) };
    const act = () => ok(token, 'PUT', `${API}/v1/customers/${encodeURIComponent(customer.customerTenantId)}/subscriptions/overage`, body);
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
    return html`<dt>${label}</dt><dd>${d ? html`${decisionWords(d.decision)}${d.at ? html` · <${When} at=${d.at} />` : ''}` : decisionWords()}</dd>`;
}

/** Whether the signed-in agent may cancel it: an AdminAgent of the requesting partner, while answers are awaited. */
export const cancellable = (h, me) => h.status === 'awaiting-approvals' && me?.roles.includes('AdminAgent') && h.requestedBy?.partnerId === me.partnerId;

/** "Cancel this handover": DELETE on its link after a confirmation; the run mails all three parties. */
export function CancelHandover({ token, handover, names, onCancelled }) {
    const act = () => {
        const url = new URL(handover.links.self, location.href);
        return ok(token, 'DELETE', url.pathname + url.search);
    };
    return html`
        <div class="cancel-handover">
            <${ConfirmedAction} id=${`cancel-${handover.id}`} button="Cancel this handover" title=${`Cancel the handover to ${partnerName(names, handover.toPartnerId)}?`}
                detail="Nothing changes at Partner Center; the three parties are told it was cancelled, and their links stop working."
                yes="Yes, cancel it" no="Keep waiting" act=${act} onDone=${(r) => onCancelled(r.body)} />
        </div>`;
}

/** A handover's subscription: by name where the API or the picker knows it, "a new one" for `new`, else its id. */
function handoverSubscription(h, pickerName, names) {
    const id = h.azureEntitlementId;
    if (!id) return '—';
    if (id === 'new') return `A new Azure subscription for ${h.toPartnerName ?? partnerName(names, h.toPartnerId)}`;
    const name = h.azureSubscriptionName ?? pickerName;
    return name ? html`${name} <${CopyId} id=${id} what="subscription id" />` : html`<span class="mono">${id}</span>`;
}

/** A handover said from the reader's side: taking over from the owner, handing over to the new partner, or between two others. */
function handoverTitle(h, me, names) {
    const from = h.fromPartnerName ?? partnerName(names, h.fromPartnerId);
    const to = h.toPartnerName ?? partnerName(names, h.toPartnerId);
    if (h.toPartnerId === me?.partnerId) return `Taking over from ${from}`;
    if (h.fromPartnerId === me?.partnerId) return `Handing over to ${to}`;
    return `Handover from ${from} to ${to}`;
}

/** One handover resource, read again every few seconds while it is still moving; `onStatus` hears each status it shows. */
export function HandoverView({ token, handover, me, names, subscriptions, onStatus }) {
    // the customer's subscriptions as the picker read them: the one named in the handover by its name where it is one of them
    const named = (id) => subscriptions?.find((s) => s.id === id);
    const [h, setH] = useState(handover);
    const heading = useRef(null);
    useEffect(() => { setH(handover); heading.current?.focus(); }, [handover.id]);
    useEffect(() => { onStatus?.(h.status); }, [h.status]);
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
            <h3 id="handover-h" tabindex="-1" ref=${heading}>${handoverTitle(h, me, names)}</h3>
            <p class="muted">Asked <${When} at=${h.requestedAt} /> · <${CopyId} id=${h.id} what="handover id" /></p>
            <dl class="facts" aria-live="polite">
                <dt>Status</dt><dd class="handover-status"><span class=${`badge ${h.status}`}>${handoverStatusWords(h.status)}</span></dd>
                <dt>From partner</dt><dd>${h.fromPartnerName ?? partnerName(names, h.fromPartnerId)}</dd>
                <dt>To partner</dt><dd>${h.toPartnerName ?? partnerName(names, h.toPartnerId)}</dd>
                <dt>Subscription</dt><dd>${handoverSubscription(h, named(h.azureEntitlementId)?.name, names)}</dd>
                <${Decision} label="Current partner" d=${h.decisions?.currentPartner} />
                <${Decision} label="New partner" d=${h.decisions?.newPartner} />
                <${Decision} label="Customer" d=${h.decisions?.customer} />
                <dt>Answers due by</dt><dd><${When} at=${h.expiresAt} /></dd>
                <dt>Reminders</dt><dd>${h.reminders?.length ? h.reminders.map((r, i) => html`${i > 0 ? '; ' : ''}<${When} at=${r.at} /> to ${(r.parties ?? []).map(partyWords).join(', ')}`) : 'none sent'}</dd>
            </dl>
            ${h.outcome?.detail && html`<p>${h.outcome.detail}</p>`}
            ${h.outcome?.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${h.outcome.remedy}</p>`}
            ${cancellable(h, me) && html`<${CancelHandover} token=${token} handover=${h} names=${names} onCancelled=${(after) => setH({ ...h, ...after })} />`}
        </section>`;
}

/**
 * The customer's Azure subscriptions by name (GET .../azure-subscriptions), and
 * "a new subscription" with the name it will get; one the run would refuse is
 * listed, disabled, with why. The chosen one's id is a click away.
 */
export function SubscriptionPicker({ id, label, choices, value, onChange }) {
    if (!choices) return html`<p class="loading">Reading the customer’s Azure subscriptions…</p>`;
    const options = [
        ...choices.items.map((s) => ({ value: s.id, text: s.state === 'legacy' ? `${s.name} (legacy offer)` : s.name, ...s })),
        { value: 'new', text: choices.newSubscription.name ? `A new subscription, “${choices.newSubscription.name}”` : 'A new subscription', ...choices.newSubscription },
    ];
    const refused = options.filter((o) => !o.allowed && o.reason);
    return html`
        <div class="field subscription-picker">
            <label for=${id}>${label}</label>
            <select id=${id} required value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
                ${options.map((o) => html`<option key=${o.value} value=${o.value} disabled=${!o.allowed}>${o.text}${o.allowed ? '' : ' (not possible)'}</option>`)}
            </select>
            ${value && value !== 'new' && html`<${CopyId} id=${value} what="subscription id" />`}
            ${refused.length > 0 && html`<ul class="hint">${refused.map((o) => html`<li key=${o.value}>${o.text}: ${o.reason.detail}</li>`)}</ul>`}
        </div>`;
}

/** The first choice the run would take: a named subscription before a new one. */
export const firstAllowed = (choices) => choices?.items.find((s) => s.allowed)?.id ?? (choices?.newSubscription.allowed ? 'new' : '');

/**
 * Where the new partner will charge the overage when handing over: by default a
 * new Azure subscription created for it (nothing to type); or one the new
 * partner named, whose id it gives (this partner cannot list that partner's).
 */
function NewPartnerSubscription({ partnerName: who, value, onChange }) {
    const named = value !== 'new';
    return html`
        <fieldset class="field choices">
            <legend>Subscription the new partner will charge it to</legend>
            <div class="choice"><input type="radio" id="ho-sub-new" name="ho-sub-kind" checked=${!named} onChange=${() => onChange('new')} />
                <label for="ho-sub-new">A new Azure subscription for ${who}</label></div>
            <div class="choice"><input type="radio" id="ho-sub-named" name="ho-sub-kind" checked=${named} onChange=${() => onChange('')} />
                <label for="ho-sub-named">A subscription the new partner named</label></div>
            ${named && html`
                <div class="field">
                    <label for="ho-sub">Its Azure subscription id</label>
                    <input id="ho-sub" class="mono" type="text" autocomplete="off" spellcheck="false" required pattern=${GUID} aria-describedby="ho-sub-hint" value=${value} onInput=${(e) => onChange(e.currentTarget.value)} />
                    <span id="ho-sub-hint" class="hint">The new partner can tell you the id of the customer's subscription it wants the overage charged to.</span>
                </div>`}
        </fieldset>`;
}

/**
 * Start a handover of the customer's overage, worded from the caller's side
 * (`action` is the overage answer's `actions.requestHandover`): taking it over
 * from its owner onto one of the customer's subscriptions this partner may
 * name, or handing it over to a partner picked by name.
 */
export function StartHandover({ token, customer, me, action, partners, choices, onStarted }) {
    const takeOver = action.direction === 'take-over';
    const others = (partners ?? []).filter((p) => !p.self && p.partnerId !== action.fromPartnerId);
    const [partner, setPartner] = useState('');
    const [subscription, setSubscription] = useState(takeOver ? '' : 'new');
    const [days, setDays] = useState('');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    useEffect(() => { if (takeOver && !subscription) setSubscription(firstAllowed(choices)); }, [choices]);
    useEffect(() => { if (!takeOver && !partner && others.length) setPartner(others[0].partnerId); }, [partners]);
    const submit = async (e) => {
        e.preventDefault();
        setError(null);
        setBusy(true);
        try {
            const body = { service: 'PhoneServices', toPartnerId: takeOver ? me.partnerId : partner, azureEntitlementId: subscription.trim(), ...(days.trim() ? { expiresInDays: Number(days) } : {}) };
            const r = await ok(token, 'POST', customerUrl(customer.customerTenantId, '/overage/handovers'), body);
            let resource = r.body;
            if (!resource?.status) {
                const loc = new URL(r.headers.get('location'), location.href);
                resource = (await ok(token, 'GET', loc.pathname + loc.search)).body;
            }
            // the page opens it at its own address, where a reload finds it again
            onStarted(resource);
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <form class="handover-form" onSubmit=${submit} aria-labelledby="start-handover-h">
            <h3 id="start-handover-h">${action.label}</h3>
            ${takeOver
                ? html`<p>${action.fromPartnerName}, the customer and your partner each approve by mail; then the overage is billed to your partner.</p>
                    <${SubscriptionPicker} id="ho-sub" label="Azure subscription your partner will charge it to" choices=${choices} value=${subscription} onChange=${setSubscription} />`
                : html`
                    <div class="field">
                        <label for="ho-partner">New partner</label>
                        <select id="ho-partner" required value=${partner} onChange=${(e) => setPartner(e.currentTarget.value)}>
                            ${partners === null && html`<option value="">Reading the partners…</option>`}
                            ${others.map((p) => html`<option key=${p.partnerId} value=${p.partnerId}>${p.name ?? `Partner ${p.partnerId}`}</option>`)}
                        </select>
                        ${partner && html`<${CopyId} id=${partner} what="partner id" />`}
                    </div>
                    <${NewPartnerSubscription} partnerName=${others.find((p) => p.partnerId === partner)?.name ?? 'the new partner'} value=${subscription} onChange=${setSubscription} />`}
            <div class="field">
                <label for="ho-days">Days to answer (optional, 1 to 30)</label>
                <input id="ho-days" type="number" min="1" max="30" step="1" value=${days} onInput=${(e) => setDays(e.currentTarget.value)} />
            </div>
            <${Problem} error=${error} />
            <button type="submit" class="primary" disabled=${busy || !subscription || (!takeOver && !partner)}>${busy ? 'Asking…' : 'Start the handover'}</button>
        </form>`;
}
