// Several end-to-end suites in one file, each on a host of its own as if it
// ran alone. A host for the product app needs the app's modules loaded afresh:
// the app keeps per-process state (its store, queue sender and mailer, the
// token verifier, caches keyed by what it saw first), as it does in Azure, so
// a second host in the same module registry would find the first one's.
// (Hosts for the small test apps in test/apps share one registry well.)
import type * as AppHostModule from './appHost';
import type * as TestHostModule from './testHost';
import type * as AppStateStoreModule from './appStateStore';

/** startAppHost, on a fresh module registry. */
export function freshAppHost(...args: Parameters<typeof AppHostModule.startAppHost>): ReturnType<typeof AppHostModule.startAppHost> {
    jest.resetModules();
    return (require('./appHost') as typeof AppHostModule).startAppHost(...args);
}

/** startTestHost, on a fresh module registry. */
export function freshTestHost(...args: Parameters<typeof TestHostModule.startTestHost>): ReturnType<typeof TestHostModule.startTestHost> {
    jest.resetModules();
    return (require('./testHost') as typeof TestHostModule).startTestHost(...args);
}

/** The store of the app the latest host runs (test/helpers/appStateStore.ts of that host's module registry, opened on its DATA_DIR). */
export function appStateStore(): ReturnType<typeof AppStateStoreModule.appStateStore> {
    return (require('./appStateStore') as typeof AppStateStoreModule).appStateStore();
}
