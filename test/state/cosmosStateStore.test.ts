// Runs the contract against the real @azure/cosmos SDK talking to an in-process
// @vercel/cosmosdb-server (HTTPS with a self-signed, expired certificate).
import { randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { createStateStore } from '../../shared/state';
import { describeStateStoreContract } from './stateStore.contract';

let server: https.Server;
let endpoint: string;
// accepts the emulator's certificate; keep-alive so the suite does not pay a TLS handshake per request
const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
// the emulator has one region: endpoint discovery would only add requests
const connectionPolicy = { enableEndpointDiscovery: false };

beforeAll(async () => {
    server = createHttpsServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
    agent.destroy();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

// one database per test keeps tests independent; dropping it is the cleanup
describeStateStoreContract('cosmos (cosmosdb-server)', async () => {
    const databaseId = `test-${randomUUID()}`;
    const env = { STATE_STORE: 'cosmos', COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'any-key-works', COSMOS_DATABASE: databaseId };
    const store = createStateStore(env, { agent, connectionPolicy });
    return {
        store,
        cleanup: async () => {
            await store.close();
            const admin = new CosmosClient({ endpoint, key: 'any-key-works', agent, connectionPolicy });
            try {
                await admin.database(databaseId).delete();
            } catch (err) {
                // a test that never touched the store never created its database
                if ((err as { code?: unknown }).code !== 404) throw err;
            } finally {
                admin.dispose();
            }
        },
    };
});
