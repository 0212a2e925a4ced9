// The partner console: sign in, the fleet (every customer and where it
// stands; the landing page), one customer's overage and what blocks it, and
// (AdminAgents only) enabling one customer or all ready ones, followed live.
// Everything goes through the public API with the agent's token. Pages are
// addressed in the hash (route.js): #/fleet?filters, #/customers/{tenantId},
// with a run, a handover or a month of the customer below it.
// Sign-in as config.json says: Microsoft Entra ID (MSAL, redirect) in Azure, a
// demo agent of the simulator under the local host.
import { html, render, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { claims, localSignIn, mintLocalToken, signInConfig, storedToken, storeToken } from './api.js';
import { Fleet } from './fleet.js';
import { CustomerDetail } from './customer.js';
import { MonthView } from './month.js';
import { fleetHash, parseRoute } from './route.js';
import { entraClient } from './entra.js';
import { WhoAmI } from './whoAmI.js';

const SIGNED_OUT = 'telco-overage-console.signedOut';

/** Entra ID: the page goes to the authority by itself on a first visit; after a sign-out or a failure it waits for the button. */
function EntraSignIn({ state, onSignIn }) {
    const heading = useRef(null);
    useEffect(() => {
        if (state !== 'starting' && document.activeElement === document.body) heading.current?.focus();
    }, [state]);
    return html`
        <section class="panel signin" aria-labelledby="signin-h">
            <h1 id="signin-h" tabindex="-1" ref=${heading}>Sign in</h1>
            ${state === 'starting' && html`<p class="loading" role="status">Signing in with Microsoft Entra ID…</p>`}
            ${state !== 'starting' && html`
                ${state === 'signed-out' && html`<p role="status">You are signed out.</p>`}
                ${state?.error && html`<p class="error" role="alert">${state.error}</p>`}
                <p>Sign in with your work account (Microsoft Entra ID). The console calls the API with the token issued to you: your partner and your roles come from it.</p>
                <button type="button" class="primary" onClick=${onSignIn}>Sign in with Microsoft</button>`}
        </section>`;
}

function SignIn({ onToken, problem, local }) {
    const [world, setWorld] = useState(undefined);
    const [error, setError] = useState(null);
    const heading = useRef(null);
    useEffect(() => {
        // the demo agents exist only where the local host's simulator signs in: nothing to ask for elsewhere
        if (local) localSignIn().then(setWorld, () => setWorld(null));
        else setWorld(null);
        // after a sign-out (not on first load), say where the user is now
        if (document.activeElement === document.body && sessionStorage.getItem(SIGNED_OUT)) heading.current?.focus();
    }, []);
    const pick = async (partner, agent) => {
        setError(null);
        try {
            onToken(await mintLocalToken(partner.id, agent.upn, agent.roles));
        } catch (e) {
            setError(e.message);
        }
    };
    return html`
        <section class="panel signin" aria-labelledby="signin-h">
            <h1 id="signin-h" tabindex="-1" ref=${heading}>Sign in</h1>
            ${world === undefined && html`<p class="loading" role="status">Looking for a sign-in…</p>`}
            ${problem && html`<p class="error" role="alert">${problem.detail}${problem.remedy ? ` ${problem.remedy}` : ''}</p>`}
            ${world === null && !problem && html`
                <p>Sign-in with Microsoft Entra ID is not set up for this deployment yet.</p>
                <p class="hint">An operator configures <code>CONSOLE_CLIENT_ID</code>, <code>CONSOLE_AUTHORITY</code> and <code>CONSOLE_API_SCOPE</code> for it.</p>`}
            ${world && html`
                <p>This is the local host: choose a demo agent. The console gets a token for it from the simulator and calls the API as that agent.</p>
                ${error && html`<p class="error" role="alert">${error}</p>`}
                <div class="partners">
                    ${world.partners.map((p) => html`
                        <section class="partner" aria-labelledby=${`p-${p.id}`}>
                            <h2 id=${`p-${p.id}`}>${p.name} <span class="muted">(${p.id})</span></h2>
                            <ul class="agents">
                                ${p.agents.map((a) => html`
                                    <li><button type="button" class="agent" onClick=${() => pick(p, a)}>
                                        <span class="upn">${a.upn}</span> <span class="roles">${a.roles.join(', ')}</span>
                                    </button></li>`)}
                            </ul>
                        </section>`)}
                </div>`}
        </section>`;
}

/** An address that names nothing the console shows: said plainly, with the nearest place that exists. */
function NotFound({ route }) {
    const heading = useRef(null);
    useEffect(() => { heading.current?.focus(); }, [route.back, route.what]);
    return html`
        <section class="panel not-found" aria-labelledby="not-found-h">
            <h1 id="not-found-h" tabindex="-1" ref=${heading}>Not found</h1>
            <p>The address does not name a ${route.what} the console can show${route.what === 'month' ? ' (a month is written YYYY-MM)' : ''}.</p>
            <p><a href=${route.back}>${route.back.startsWith('#/customers/') ? 'Back to the customer' : 'Back to the fleet'}</a></p>
        </section>`;
}

/** Entra ID's session: a client, a token kept fresh (renewed five minutes before it expires), and where the sign-in stands. */
function useEntra(config, setToken) {
    const [client, setClient] = useState(null);
    const [state, setState] = useState(config.signIn === 'entra' ? 'starting' : null);
    useEffect(() => {
        if (config.signIn !== 'entra') return undefined;
        let timer;
        let live = true;
        const fail = (e) => { if (live) { setToken(null); setState({ error: `Sign-in failed: ${e.message}` }); } };
        (async () => {
            const c = await entraClient(config);
            setClient(c);
            const use = (t) => {
                if (!live) return;
                setToken(t.token);
                setState('ready');
                const expires = t.expiresOn ? new Date(t.expiresOn).getTime() : Date.now() + 30 * 60_000;
                clearTimeout(timer);
                timer = setTimeout(() => c.token().then(use, fail), Math.max(30_000, expires - Date.now() - 5 * 60_000));
            };
            const first = await c.start();
            if (first) use(first);
            else if (sessionStorage.getItem(SIGNED_OUT)) setState('signed-out');
            else await c.signIn(); // a first visit: straight to the authority
        })().catch(fail);
        return () => { live = false; clearTimeout(timer); };
    }, []);
    return { client, state, setState };
}

/** The page the address names, followed on every change (a link, Back, Forward, an edited address). */
function useRoute() {
    const [hash] = useState(() => location.hash);
    const [route, setRoute] = useState(() => parseRoute(hash));
    useEffect(() => {
        let page = route.page;
        const follow = () => {
            const next = parseRoute();
            // a new page starts at its top (the fleet's filters keep the place; a run or handover opened scrolls to itself)
            if (next.page !== page || (next.page === 'customer' && !next.open?.run && !next.open?.handover)) scrollTo(0, 0);
            page = next.page;
            setRoute(next);
        };
        addEventListener('hashchange', follow);
        // the address may have changed between the first render and now (Back, Forward while the page loaded)
        if (location.hash !== hash) follow();
        return () => removeEventListener('hashchange', follow);
    }, []);
    return route;
}

function App({ config }) {
    const entraMode = config.signIn === 'entra';
    const [token, setToken] = useState(() => {
        if (entraMode) return null;
        const t = storedToken();
        return t && claims(t) ? t : null;
    });
    const entra = useEntra(config, setToken);
    const me = token ? claims(token, config.partnerClaim) : null;
    const route = useRoute();
    // names the fleet read, for a customer's heading; the last fleet address and customer, to go back to
    const names = useRef(new Map()).current;
    const lastFleet = useRef(route.page === 'fleet' ? route.filters : {});
    const lastCustomer = useRef(null);
    if (route.page === 'fleet') lastFleet.current = route.filters;
    if (route.page === 'customer') lastCustomer.current = route.id;
    const signIn = (t) => {
        storeToken(t);
        setToken(t);
    };
    const signOut = () => {
        sessionStorage.setItem(SIGNED_OUT, '1');
        if (!entraMode) {
            signIn(null);
            return;
        }
        setToken(null);
        entra.setState('signed-out');
        entra.client?.signOut().catch((e) => entra.setState({ error: `Sign-out failed: ${e.message}` }));
    };
    // a token the API refuses: say so rather than sign in again in a loop
    const unauthorized = entraMode ? () => { setToken(null); entra.setState({ error: 'The API did not accept your sign-in. Sign in again; if this keeps happening, the app registration and the API settings do not match.' }); } : signOut;
    return html`
        <header class="bar">
            <span class="brand">${me ? html`<a href="#/fleet">Telco overage · Partner console</a>` : 'Telco overage · Partner console'}</span>
            ${me && html`
                <${WhoAmI} token=${token} me=${me} />
                <button type="button" class="link" onClick=${signOut}>Sign out</button>`}
        </header>
        <main id="main" class="main">
            ${!me && entraMode && html`<${EntraSignIn} state=${entra.state} onSignIn=${() => entra.client?.signIn().catch((e) => entra.setState({ error: `Sign-in failed: ${e.message}` }))} />`}
            ${!me && !entraMode && html`<${SignIn} onToken=${signIn} problem=${config.signIn === 'error' ? config : null} local=${config.signIn === 'simulator'} />`}
            ${me && route.page === 'fleet' && html`<${Fleet} token=${token} me=${me} filters=${route.filters} names=${names} returnTo=${lastCustomer.current} onUnauthorized=${unauthorized} />`}
            ${me && route.page === 'customer' && !route.open?.month && html`<${CustomerDetail} key=${route.id} token=${token} me=${me} customer=${{ customerTenantId: route.id, name: names.get(route.id) }}
                backHref=${fleetHash(lastFleet.current)} open=${route.open} />`}
            ${me && route.page === 'customer' && route.open?.month && html`<${MonthView} key=${`${route.id}/${route.open.month}`} token=${token} me=${me} id=${route.id} month=${route.open.month} knownName=${names.get(route.id)} />`}
            ${me && route.page === 'not-found' && html`<${NotFound} route=${route} />`}
        </main>`;
}

const config = await signInConfig();
const root = document.getElementById('root');
root.textContent = '';
render(html`<${App} config=${config} />`, root);
