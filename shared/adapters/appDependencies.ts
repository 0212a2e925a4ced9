// The app's Dependencies from its settings. Nothing here connects to anything:
// each adapter is made on first use (a Cosmos or Service Bus client does no
// I/O until asked; the embedded store opens its files then), so building them
// at start costs nothing, and a function that never writes never opens the
// store. The settings were checked before this runs (functions/config.ts);
// what only a live service can tell (a store or queue not answering) shows in
// /api/health.
import { appClock, type Clock } from '../core/clock';
import type { Dependencies, Settings } from './dependencies';
import { appCredential, lazyCredential } from './identity/appCredential';
import { createTokenVerifier, credentialTokenProvider, loadAuthConfig } from './identity/identity';
import { rememberingVerifier } from './identity/verifiedTokens';
import { createMailer } from './mail/mailers';
import { createQueueSender } from './messaging/queueSenders';
import { microsoftClientsFor } from './microsoftClientsFor';
import { createStateStore } from './state/stateStores';

export function createDependencies(env: Settings, o: { clock?: Clock } = {}): Dependencies {
    // who the app is to Azure (Cosmos DB, Service Bus, Graph mail, Entra's token exchange): one identity for all
    const credential = lazyCredential(() => appCredential(env));
    const stateStore = once(() => createStateStore(env, { credential }));
    const queueSender = once(() => createQueueSender(env, { credential }));
    const mailer = once(() => createMailer(env, { graphToken: credentialTokenProvider(credential) }));
    const tokenVerifier = once(() => rememberingVerifier(createTokenVerifier(loadAuthConfig(env))));
    return {
        get stateStore() { return stateStore(); },
        get queueSender() { return queueSender(); },
        get mailer() { return mailer(); },
        get tokenVerifier() { return tokenVerifier(); },
        microsoft: microsoftClientsFor(env, { credential }),
        clock: o.clock ?? appClock,
        env,
    };
}

/** `make`'s value, made on the first call and kept (a failed attempt is not kept). */
function once<T>(make: () => T): () => T {
    let made: { value: T } | undefined;
    return () => (made ??= { value: make() }).value;
}
