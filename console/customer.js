// One customer: its overage setting, why a call beyond the included minutes
// would be refused (diagnostics, each reason with its remedy), and for
// AdminAgents the enablement; the partner's runs and handovers, each
// reopenable at its own address, where the page follows it live and reads its
// lists and facts again when it moves; the month so far with its forecast,
// the alert thresholds and what fired, and for a customer on credits the
// advice on its recharge settings.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, customerUrl, ok } from './api.js';
import { autoRechargeWords, creditsText, overageText, ownerOf, ownerWords, payerText, runWords } from './words.js';
import { DisableOverage, firstAllowed, StartHandover, SubscriptionPicker } from './actions.js';
import { CopyId, When } from './format.js';
import { Problem } from './problem.js';
import { useRead } from './useRead.js';
import { Findings } from './run.js';
import { Handovers } from './handoverList.js';
import { OpenHandover, OpenRun } from './openItem.js';
import { runHref, Runs } from './runList.js';
import { useName } from './customerName.js';
import { go, handoverHash, runHash } from './route.js';
import { MonthToDate } from './monthToDate.js';
import { Alerts } from './alerts.js';
import { CreditsAdvice } from './creditsAdvice.js';
import { Usage } from './usage.js';

/** Enable overage on one of the customer's Azure subscriptions, picked by name, or on a new one (for the reseller the provider acts for, when there is one). */
function EnableForm({ token, customer, choices, reseller, onRun }) {
    const [subscription, setSubscription] = useState('');
    const [wait, setWait] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    useEffect(() => { if (!subscription) setSubscription(firstAllowed(choices)); }, [choices]);
    const submit = async (e) => {
        e.preventDefault();
        setError(null);
        setBusy(true);
        try {
            const body = { service: 'PhoneServices', azureEntitlementId: subscription, ...(wait ? { waitForAutoRechargeOff: true } : {}), ...(reseller ? { resellerPartnerId: reseller.partnerId } : {}) };
            const r = await ok(token, 'POST', customerUrl(customer.customerTenantId, '/overage/enablements'), body);
            onRun(r.body, r.headers.get('location') ?? r.body.links?.self);
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <form class="enable" onSubmit=${submit} aria-labelledby="enable-h">
            <h3 id="enable-h">Enable overage</h3>
            <${SubscriptionPicker} id="enable-sub" label="Azure subscription the overage is charged to" choices=${choices} value=${subscription} onChange=${setSubscription} />
            <div class="choice"><input type="checkbox" id="wait" checked=${wait} onChange=${(e) => setWait(e.currentTarget.checked)} /><label for="wait">Wait until the customer turns auto-recharge off</label></div>
            <${Problem} error=${error} />
            <button type="submit" class="primary" disabled=${busy || !subscription}>${busy ? 'Starting…' : 'Enable overage'}</button>
        </form>`;
}

/** Once the partner fixed a blocker at Microsoft: the customer read live, so its blockers are checked again now, not at the next sync. */
function CheckAgain({ onRecheck }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const check = async () => {
        setBusy(true);
        setError(null);
        try {
            await onRecheck();
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return html`
        <p class="hint">Fixed it at Microsoft? The customer is checked again every few minutes, or now:</p>
        <button type="button" class="secondary" disabled=${busy} onClick=${check}>${busy ? 'Checking…' : 'Check again now'}</button>
        <${Problem} error=${error} />`;
}

/**
 * Only what the caller may do now (the overage answer's `actions`, decided by
 * the rules the API applies); what it may not, said once for each reason,
 * where its button would have been.
 */
function Actions({ token, me, customer, status, choices, partners, onRun, onHandover, onRecheck }) {
    const a = status?.actions;
    if (!a) return html`<section class="card actions" aria-label="Actions"><p class="loading">Reading what you can do…</p></section>`;
    const refused = [['Enable overage', a.enable], ['Switch overage off', a.disable], [a.requestHandover.label ?? 'A handover', a.requestHandover]]
        .filter(([, x]) => !x.allowed && x.reason);
    const why = [...new Set(refused.map(([, x]) => x.reason.detail))]
        .map((detail) => {
            const same = refused.filter(([, x]) => x.reason.detail === detail);
            return { detail, remedy: same[0][1].reason.remedy, what: same.map(([w]) => w) };
        });
    // the list could not be read: a new subscription can still be asked for (the run checks it), and the refusal shows
    const picker = choices?.error ? { items: [], newSubscription: { allowed: true, name: null } } : choices;
    return html`
        <section class="card actions" aria-label="Actions">
            ${why.length > 0 && html`
                <div class="not-offered" role="group" aria-labelledby="not-offered-h">
                    <h3 id="not-offered-h">Not possible now</h3>
                    <ul>${why.map((w) => html`<li key=${w.detail}><strong>${w.what.join(', ')}:</strong> ${w.detail}${w.remedy && html`<span class="remedy"><span class="label">What to do:</span> ${w.remedy}</span>`}</li>`)}</ul>
                    ${why.some((w) => w.remedy) && html`<${CheckAgain} onRecheck=${onRecheck} />`}
                </div>`}
            ${a.enable.allowed && html`<${EnableForm} token=${token} customer=${customer} choices=${picker} reseller=${status.reseller} onRun=${onRun} />`}
            ${a.disable.allowed && html`<${DisableOverage} token=${token} customer=${customer} reseller=${status.reseller} onRun=${onRun} />`}
            ${a.requestHandover.allowed && html`<${StartHandover} token=${token} customer=${customer} me=${me} action=${a.requestHandover}
                partners=${partners?.error ? [] : (partners?.items ?? null)} choices=${picker} onStarted=${onHandover} />`}
            ${choices?.error && html`<${Problem} error=${choices.error} />`}
        </section>`;
}

/** The subscription overage is charged to, by name where the caller's partner may know it; the id otherwise. */
function subscriptionText(status) {
    if (!status.azureEntitlementId) return '—';
    if (!status.azureSubscriptionName) return html`<span class="mono">${status.azureEntitlementId}</span>`;
    return html`${status.azureSubscriptionName} <${CopyId} id=${status.azureEntitlementId} what="subscription id" />`;
}

/** The diagnostics' warnings that do not repeat one of its reasons. */
const warningsOf = (diag) => (diag.warnings ?? []).filter((w) => typeof w === 'string' || !diag.reasons.some((r) => r.code === w.code));

/** The run a start answered with: its id, or the last part of its address. */
const runIdOf = (body, url) => body?.id ?? decodeURIComponent(new URL(url, location.href).pathname.split('/').pop());

/** `open`: the run or handover the address names ({run} or {handover}), shown on the page and followed. */
export function CustomerDetail({ token, me, customer: known, backHref, open }) {
    const id = known.customerTenantId;
    const name = useName(token, id, known.name);
    const customer = { customerTenantId: id, name: name ?? id };
    const [status, setStatus] = useState(null);
    const [diag, setDiag] = useState(null);
    const [error, setError] = useState(null);
    // counts the moves of the open run or handover: each reads the lists and the facts again
    const [moved, setMoved] = useState(0);
    // the run started on this page, and its status then
    const startedHere = useRef({});
    const heading = useRef(null);
    const isAdmin = me.roles.includes('AdminAgent');
    // the pickers: read once the answer says a form needs them (the partners name every handover, so always)
    const wantsChoices = isAdmin && Boolean(status?.actions?.enable.allowed || status?.actions?.requestHandover.direction === 'take-over');
    const choices = useRead(token, customerUrl(id, '/azure-subscriptions'), wantsChoices);
    const partners = useRead(token, `${API}/partners`, true);
    const names = new Map((partners?.items ?? []).filter((p) => p.name).map((p) => [p.partnerId, p.name]));

    const load = () => Promise.all([
        ok(token, 'GET', customerUrl(id, '/overage')).then((r) => setStatus(r.body)),
        ok(token, 'GET', customerUrl(id, '/overage/diagnostics')).then((r) => setDiag(r.body)),
    ]).catch(setError);

    useEffect(() => {
        heading.current?.focus();
        load();
    }, [id]);

    // read live: the blockers are checked again (a refusal, e.g. read just now, is the button's to show)
    const recheck = async () => {
        setStatus((await ok(token, 'GET', customerUrl(id, '/overage?refresh=true'))).body);
        ok(token, 'GET', customerUrl(id, '/overage/diagnostics')).then((r) => setDiag(r.body), setError);
    };

    const changed = () => {
        setMoved((n) => n + 1);
        load();
    };
    // a run or handover started here opens at its own address, where a reload finds it again
    const started = (r, url) => {
        const runId = runIdOf(r, url);
        startedHere.current = { runId, status: r?.status };
        go(runHash(id, runId));
    };
    const handedOver = (h) => {
        changed();
        go(handoverHash(id, h.id));
    };

    return html`
        <section class="panel detail" aria-labelledby="detail-h">
            <a class="back" href=${backHref}>← Fleet</a>
            <h1 id="detail-h" tabindex="-1" ref=${heading}>${name ?? html`<span class="muted">Customer</span>`}</h1>
            <p class="tenant"><${CopyId} id=${id} what="tenant id" /></p>
            <${Problem} error=${error} />
            <div class="columns">
                <section class="card" aria-labelledby="state-h" aria-busy=${status === null ? 'true' : 'false'}>
                    <h2 id="state-h">Overage</h2>
                    <dl class="facts">
                        <dt>Overage</dt><dd>${status ? html`<span class=${`badge ${status.overageEnabled ? 'on' : 'off'}`}>${overageText(status, me)}</span>` : '…'}</dd>
                        <dt>Billed by</dt><dd class="owner">${status ? html`${ownerWords(status, me)} <${CopyId} id=${ownerOf(status).id} what="partner id" />` : '…'}</dd>
                        ${status?.reseller && html`<dt>Sold through</dt><dd class="reseller">${status.reseller.name ?? 'Your indirect reseller'}: your partner acts for it <${CopyId} id=${status.reseller.partnerId} what="reseller's partner id" /></dd>`}
                        <dt>Subscription</dt><dd>${status ? subscriptionText(status) : '…'}</dd>
                        <dt>Who pays now</dt><dd>${status ? payerText(status.credits?.payer) : '…'}</dd>
                        <dt>Credits balance</dt><dd>${status ? creditsText(status.credits) : '…'}</dd>
                        <dt>Auto-recharge</dt><dd>${status ? autoRechargeWords(status.credits?.autoRecharge, status.credits?.currency) : '…'}</dd>
                        <dt>Last run</dt><dd class="last-run">${status ? (status.lastRun ? html`<a href=${runHref(id, status.lastRun)}>${runWords(status.lastRun)}</a> · <${When} at=${status.lastRun.startedAt} />` : 'none') : '…'}</dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="diag-h" aria-busy=${diag === null ? 'true' : 'false'}>
                    <h2 id="diag-h">Calls beyond the included minutes</h2>
                    ${diag === null && html`<p class="loading">Checking…</p>`}
                    ${diag && html`
                        <p><span class=${`badge ${diag.outboundBeyondIncludedMinutes === 'allowed' ? 'on' : 'off'}`}>${diag.outboundBeyondIncludedMinutes === 'allowed' ? 'Go through' : 'Refused'}</span>${diag.outboundBeyondIncludedMinutes === 'allowed' ? ` · paid by ${payerText(diag.payer)}` : ''}</p>
                        ${diag.reasons.length === 0 ? html`<p>Nothing blocks this customer.</p>` : html`<h3>Blockers</h3><${Findings} items=${diag.reasons} kind="blockers" />`}
                        ${warningsOf(diag).length > 0 && html`<h3>Warnings</h3><${Findings} items=${warningsOf(diag)} kind="warnings" />`}`}
                </section>
            </div>
            ${isAdmin && html`<${Actions} token=${token} me=${me} customer=${customer} status=${status} choices=${choices} partners=${partners}
                onRun=${started} onHandover=${handedOver} onRecheck=${recheck} />`}
            ${!isAdmin && html`<p class="hint">Only AdminAgents can change overage; you can read it.</p>`}
            ${open?.run && html`<${OpenRun} key=${open.run} token=${token} id=${id} runId=${open.run}
                startedAs=${startedHere.current.runId === open.run ? startedHere.current.status : undefined} onChange=${changed} />`}
            ${open?.handover && html`<${OpenHandover} key=${open.handover} token=${token} id=${id} handoverId=${open.handover} me=${me} names=${names}
                subscriptions=${choices?.items} onChange=${changed} />`}
            <${MonthToDate} token=${token} id=${id} />
            <${Usage} token=${token} id=${id} me=${me} />
            <div class="columns">
                <${Alerts} token=${token} id=${id} me=${me} />
                <${CreditsAdvice} token=${token} id=${id} />
            </div>
            <div class="columns">
                <${Runs} token=${token} id=${id} read=${moved} openId=${open?.run ?? open?.handover} />
                <${Handovers} token=${token} id=${id} me=${me} names=${names} changed=${moved} />
            </div>
        </section>`;
}
