// Sign-in with Microsoft Entra ID in Azure: MSAL for the browser, redirect flow
// (no popup, no iframe), its cache in sessionStorage. The page asks for a token
// for the API's scope and calls the API with it, as any client would.
// MSAL ships its browser build as one classic script (global `msal`), served by
// the app under /api/console/vendor/ and loaded only when Entra ID is the sign-in.

let library;

function loadMsal() {
    library ??= new Promise((resolve, reject) => {
        if (globalThis.msal) {
            resolve(globalThis.msal);
            return;
        }
        const script = document.createElement('script');
        script.src = 'vendor/msal-browser.min.js';
        script.onload = () => (globalThis.msal ? resolve(globalThis.msal) : reject(new Error('The sign-in library did not load.')));
        script.onerror = () => reject(new Error('The sign-in library could not be loaded.'));
        document.head.append(script);
    });
    return library;
}

/**
 * The MSAL client for the settings of config.json. The redirect URI is the
 * console's own URL (…/api/console/), which the app registration lists as a
 * single-page application redirect URI.
 */
export async function entraClient(config) {
    const msal = await loadMsal();
    const redirectUri = new URL('.', document.baseURI).href;
    const pca = new msal.PublicClientApplication({
        auth: {
            clientId: config.clientId,
            authority: config.authority,
            knownAuthorities: config.knownAuthorities ?? [],
            redirectUri,
            postLogoutRedirectUri: redirectUri,
        },
        cache: { cacheLocation: 'sessionStorage' },
        system: config.protocolMode ? { protocolMode: config.protocolMode } : {},
    });
    await pca.initialize();
    const request = (account) => ({ scopes: config.scopes, account, redirectUri });

    return {
        /**
         * Finishes a sign-in that just came back from the authority, then gets a
         * token silently for the account signed in. Null when nobody is signed in;
         * redirects (and never resolves) when the authority must be asked again.
         */
        async start() {
            const back = await pca.handleRedirectPromise();
            const account = back?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0];
            if (!account) return null;
            pca.setActiveAccount(account);
            return this.token(); // from the cache the sign-in just filled
        },
        /** A token for the API from the cache or the refresh token (no hidden iframe); else back to the authority. */
        async token() {
            const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
            try {
                const r = await pca.acquireTokenSilent({ ...request(account), cacheLookupPolicy: msal.CacheLookupPolicy.AccessTokenAndRefreshToken });
                return { token: r.accessToken, expiresOn: r.expiresOn };
            } catch (e) {
                if (!(e instanceof msal.InteractionRequiredAuthError) && !(e instanceof msal.BrowserAuthError) && !(e instanceof msal.ClientAuthError)) throw e;
                await pca.acquireTokenRedirect(request(account));
                return new Promise(() => undefined); // the page is leaving
            }
        },
        signIn: () => pca.loginRedirect({ scopes: config.scopes, redirectUri }),
        signOut: () => pca.logoutRedirect({ account: pca.getActiveAccount() ?? undefined, postLogoutRedirectUri: redirectUri }),
    };
}
