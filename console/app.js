// The partner console: sign in, the partner's customers, one customer's
// overage and what blocks it, and (AdminAgents only) enabling it with the run
// followed live. Everything goes through the public API with the agent's token.
import { html, render, useEffect, useRef, useState } from './vendor/htm-preact.js';
import { claims, localSignIn, mintLocalToken, storedToken, storeToken } from './api.js';
import { Customers } from './customers.js';
import { CustomerDetail } from './customer.js';

function SignIn({ onToken }) {
    const [world, setWorld] = useState(undefined);
    const [error, setError] = useState(null);
    const heading = useRef(null);
    useEffect(() => {
        localSignIn().then(setWorld, () => setWorld(null));
        // after a sign-out (not on first load), say where the user is now
        if (document.activeElement === document.body && sessionStorage.getItem('telco-overage-console.signedOut')) heading.current?.focus();
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
            ${world === null && html`
                <p>Sign-in with Microsoft Entra ID is not set up for this deployment yet.</p>
                <p class="hint">An operator configures <code>CONSOLE_CLIENT_ID</code> and <code>CONSOLE_AUTHORITY</code> for it.</p>`}
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

function App() {
    const [token, setToken] = useState(() => {
        const t = storedToken();
        return t && claims(t) ? t : null;
    });
    const [open, setOpen] = useState(null);
    const me = token ? claims(token) : null;
    const signIn = (t) => {
        storeToken(t);
        setOpen(null);
        setToken(t);
    };
    const signOut = () => {
        sessionStorage.setItem('telco-overage-console.signedOut', '1');
        signIn(null);
    };
    return html`
        <header class="bar">
            <span class="brand">Telco overage · Partner console</span>
            ${me && html`
                <span class="who">
                    <span class="upn">${me.upn}</span>
                    <span class="muted"> · partner ${me.partnerId} · ${me.roles.join(', ') || 'no role'}</span>
                </span>
                <button type="button" class="link" onClick=${signOut}>Sign out</button>`}
        </header>
        <main id="main" class="main">
            ${!me && html`<${SignIn} onToken=${signIn} />`}
            ${me && !open && html`<${Customers} token=${token} me=${me} onOpen=${setOpen} onUnauthorized=${signOut} />`}
            ${me && open && html`<${CustomerDetail} token=${token} me=${me} customer=${open} onBack=${() => setOpen(null)} />`}
        </main>`;
}

const root = document.getElementById('root');
root.textContent = '';
render(html`<${App} />`, root);
