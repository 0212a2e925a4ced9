// The three StateStore adapters a test can run against, each isolated and cleaned up:
// the embedded store in memory, the embedded store on LMDB in its own temp dir, and the
// Cosmos adapter (real @azure/cosmos SDK) talking to an in-process @vercel/cosmosdb-server
// with one database per store. Use with describe.each(stateStoreKinds()).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { openStateStore, StateStore } from '../../shared/adapters/state/stateStores';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';

export interface OpenedStore {
    store: StateStore;
    /** Closes the store and removes what it left behind (temp dir, Cosmos database). */
    cleanup(): Promise<void>;
}

export interface StateStoreKind {
    name: 'memory' | 'lmdb' | 'cosmos';
    /** Call in beforeAll: starts what the stores need (the Cosmos server). */
    start(): Promise<void>;
    /** A fresh, empty store of this kind. */
    open(): Promise<OpenedStore>;
    /** Call in afterAll. */
    stop(): Promise<void>;
}

export function memoryStores(): StateStoreKind {
    return {
        name: 'memory',
        async start() {},
        async open() {
            const store = new EmbeddedStateStore(undefined);
            return { store, cleanup: () => store.close() };
        },
        async stop() {},
    };
}

/** Through openStateStore, so the default wiring (LMDB under DATA_DIR/state) is what runs. */
export function lmdbStores(): StateStoreKind {
    return {
        name: 'lmdb',
        async start() {},
        async open() {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-lmdb-'));
            const store = openStateStore({ DATA_DIR: dir });
            return {
                store,
                async cleanup() {
                    try {
                        await store.close();
                    } finally {
                        fs.rmSync(dir, { recursive: true, force: true });
                    }
                },
            };
        },
        async stop() {},
    };
}

const COSMOS_KEY = 'any-key-works';

export function cosmosStores(): StateStoreKind {
    let server: https.Server | undefined;
    let endpoint = '';
    // accepts the emulator's self-signed certificate; keep-alive spares a TLS handshake per request
    let agent: https.Agent | undefined;
    // the emulator has one region: endpoint discovery would only add requests
    const connectionPolicy = { enableEndpointDiscovery: false };
    return {
        name: 'cosmos',
        async start() {
            agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
            const started = createHttpsServer();
            await new Promise<void>((resolve) => started.listen(0, resolve));
            server = started;
            endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
        },
        async open() {
            if (!server || !agent) throw new Error('cosmosStores().start() was not called (beforeAll)');
            const cosmosAgent = agent;
            const databaseId = `test-${randomUUID()}`;
            const store = openStateStore({ STATE_STORE: 'cosmos', COSMOS_ENDPOINT: endpoint, COSMOS_KEY, COSMOS_DATABASE: databaseId }, { agent: cosmosAgent, connectionPolicy });
            return {
                store,
                async cleanup() {
                    await store.close();
                    const admin = new CosmosClient({ endpoint, key: COSMOS_KEY, agent: cosmosAgent, connectionPolicy });
                    try {
                        await admin.database(databaseId).delete();
                    } catch (err) {
                        // a store that was never written to never created its database
                        if ((err as { code?: unknown }).code !== 404) throw err;
                    } finally {
                        admin.dispose();
                    }
                },
            };
        },
        async stop() {
            agent?.destroy();
            agent = undefined;
            const running = server;
            server = undefined;
            if (running) await new Promise<void>((resolve, reject) => running.close((err) => (err ? reject(err) : resolve())));
        },
    };
}

/** All three kinds, for describe.each. */
export function stateStoreKinds(): StateStoreKind[] {
    return [memoryStores(), lmdbStores(), cosmosStores()];
}
