// One customer: its overage setting, why a call beyond the included minutes
// would be refused (diagnostics, each reason with its remedy), and for
// AdminAgents the enablement, its run followed live, and the run's audit trail;
// the month so far with its forecast, the alert thresholds and what fired,
// and for a customer on credits the advice on its recharge settings.
import { html, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { API, call, customerUrl, ok } from './api.js';
import { autoRechargeWords, creditsText, overageText, ownerOf, ownerWords, payerText, runKindWords } from './words.js';
import { DisableOverage, firstAllowed, StartHandover, SubscriptionPicker } from './actions.js';
import { CopyId, When } from './format.js';
import { Problem } from './problem.js';
import { ENDED, Findings, Run } from './run.js';
import { Handovers } from './handoverList.js';
import { Accrual } from './accrual.js';
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

/** Reads `url` once `wanted`: null until then, the body, or `{ error }` when the API refused. */
function useRead(token, url, wanted) {
    const [body, setBody] = useState(null);
    useEffect(() => {
        if (!wanted) return undefined;
        let live = true;
        ok(token, 'GET', url).then((r) => live && setBody(r.body), (error) => live && setBody({ error }));
        return () => { live = false; };
    }, [url, wanted]);
    return body;
}

/**
 * Only what the caller may do now (the overage answer's `actions`, decided by
 * the rules the API applies); what it may not, said once for each reason,
 * where its button would have been.
 */
function Actions({ token, me, customer, status, choices, partners, names, onRun, onHandover }) {
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
                </div>`}
            ${a.enable.allowed && html`<${EnableForm} token=${token} customer=${customer} choices=${picker} reseller=${status.reseller} onRun=${onRun} />`}
            ${a.disable.allowed && html`<${DisableOverage} token=${token} customer=${customer} reseller=${status.reseller} onRun=${onRun} />`}
            ${a.requestHandover.allowed && html`<${StartHandover} token=${token} customer=${customer} me=${me} action=${a.requestHandover}
                partners=${partners?.error ? [] : (partners?.items ?? null)} choices=${picker} names=${names} onStarted=${onHandover} />`}
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

/** The customer's name: as the fleet gave it, else from the fleet's read model (a deep link or a reload); the tenant id until then. */
function useName(token, id, known) {
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

export function CustomerDetail({ token, me, customer: known, backHref }) {
    const id = known.customerTenantId;
    const name = useName(token, id, known.name);
    const customer = { customerTenantId: id, name: name ?? id };
    const [status, setStatus] = useState(null);
    const [diag, setDiag] = useState(null);
    const [error, setError] = useState(null);
    const [run, setRun] = useState(null);
    const [runUrl, setRunUrl] = useState(null);
    const [handoversRead, setHandoversRead] = useState(0);
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

    // follow the run through its Location until it ends, then read the customer again
    useEffect(() => {
        if (!runUrl) return undefined;
        let live = true;
        let timer;
        const path = new URL(runUrl, location.href);
        const poll = async () => {
            const r = await call(token, 'GET', path.pathname + path.search).catch(() => null);
            if (!live) return;
            if (r?.status === 200) setRun(r.body);
            if (r?.status === 200 && ENDED.has(r.body.status)) {
                load();
                return;
            }
            timer = setTimeout(poll, 1000);
        };
        poll();
        return () => { live = false; clearTimeout(timer); };
    }, [runUrl]);

    const started = (r, url) => {
        setRun(r);
        setRunUrl(url);
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
                        <dt>Last run</dt><dd>${status ? (status.lastRun ? html`${runKindWords(status.lastRun.kind)} · ${status.lastRun.status}${status.lastRun.result ? ` · ${status.lastRun.result}` : ''} · <${When} at=${status.lastRun.startedAt} />` : 'none') : '…'}</dd>
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
            ${isAdmin && html`<${Actions} token=${token} me=${me} customer=${customer} status=${status} choices=${choices} partners=${partners} names=${names}
                onRun=${started} onHandover=${() => setHandoversRead((n) => n + 1)} />`}
            ${!isAdmin && html`<p class="hint">Only AdminAgents can change overage; you can read it.</p>`}
            ${run && html`<section class="card"><${Run} token=${token} run=${run} /></section>`}
            <${MonthToDate} token=${token} id=${id} />
            <${Usage} token=${token} id=${id} me=${me} />
            <div class="columns">
                <${Alerts} token=${token} id=${id} me=${me} />
                <${CreditsAdvice} token=${token} id=${id} />
            </div>
            <div class="columns">
                <${Handovers} key=${handoversRead} token=${token} id=${id} me=${me} names=${names} />
                <${Accrual} token=${token} id=${id} me=${me} />
            </div>
        </section>`;
}
