// The app's state store, for tests that write or read what the app keeps while
// it runs on a local host in this process: opened from the settings the host
// set (DATA_DIR), on first use, once per test file, as the app opens its own.
// The app's Dependencies are its own (built in functions/index.ts); this is a
// second handle on the same files (LMDB shares one environment per process).
import { createStateStore, type StateStore } from '../../shared/adapters/state/stateStores';

let store: StateStore | undefined;

export function appStateStore(): StateStore {
    return (store ??= createStateStore(process.env));
}
