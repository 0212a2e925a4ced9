// The Cosmos adapter as it runs in Azure: an Entra credential instead of the
// account key, and containers that already exist (data-plane roles cannot
// create them). Real @azure/cosmos SDK against @vercel/cosmosdb-server, which
// accepts any authorization, so what is checked is what the app asks for and
// that it never tries to create a database or container.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { CosmosClient } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { openStateStore, createStateStore } from '../../shared/adapters/state/stateStores';
import { CONTAINERS, PARTITION_KEY_PATH } from '../../shared/adapters/state/containers';
import { CosmosStateStore } from '../../shared/adapters/state/cosmosStateStore';

class RecordingCredential implements TokenCredential {
    readonly scopes: string[] = [];
    async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
        this.scopes.push(...[scopes].flat());
        return { token: 'entra-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    }
}

const server = createHttpsServer();
const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
const connectionPolicy = { enableEndpointDiscovery: false };
let endpoint = '';
let admin: CosmosClient;
const databaseId = `identity-${randomUUID()}`;

beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
    admin = new CosmosClient({ endpoint, key: 'admin-key', agent, connectionPolicy });
    // what infra/ provisions: the database and one registered container
    const { database } = await admin.databases.createIfNotExists({ id: databaseId });
    await database.containers.createIfNotExists({ id: CONTAINERS.runs, partitionKey: { paths: [PARTITION_KEY_PATH] } });
});

afterAll(async () => {
    await admin.database(databaseId).delete();
    admin.dispose();
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
});

function identityStore(credential: TokenCredential): CosmosStateStore {
    return new CosmosStateStore({ endpoint, auth: { credential }, databaseId, agent, connectionPolicy });
}

it('reads and writes a provisioned container with a token for the account, not a key', async () => {
    const credential = new RecordingCredential();
    const store = identityStore(credential);
    try {
        await store.create(CONTAINERS.runs, 'tenant-1', { id: 'run-1', status: 'running' });
        expect(await store.read(CONTAINERS.runs, 'tenant-1', 'run-1')).toMatchObject({ id: 'run-1', status: 'running' });
        // Cosmos DB's data-plane scope (the SDK asks for the account's own or the service's)
        expect(credential.scopes.length).toBeGreaterThan(0);
        expect(credential.scopes.every((s) => s === `${new URL(endpoint).origin}/.default` || s === 'https://cosmos.azure.com/.default')).toBe(true);
    } finally {
        await store.close();
    }
});

it('never creates a missing container: the write fails and nothing appears', async () => {
    const store = identityStore(new RecordingCredential());
    try {
        await expect(store.create(CONTAINERS.accruals, 'tenant-1', { id: '2026-11' })).rejects.toThrow();
        const { resources } = await admin.database(databaseId).containers.readAll().fetchAll();
        expect(resources.map((c) => c.id)).toEqual([CONTAINERS.runs]);
    } finally {
        await store.close();
    }
});

it('with the emulator key, provisions on first use as before', async () => {
    const store = new CosmosStateStore({ endpoint, auth: { key: 'emulator-key' }, databaseId, agent, connectionPolicy });
    try {
        await store.create(CONTAINERS.audit, 'tenant-1', { id: 'a-1' });
        const { resources } = await admin.database(databaseId).containers.readAll().fetchAll();
        expect(resources.map((c) => c.id).sort()).toEqual([CONTAINERS.audit, CONTAINERS.runs].sort());
    } finally {
        await store.close();
    }
});

it('the app store refuses a container that is not registered (so never provisioned), the bare adapter does not', async () => {
    const env = { STATE_STORE: 'cosmos', COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'emulator-key', COSMOS_DATABASE: databaseId };
    const app = createStateStore(env, { agent, connectionPolicy });
    const bare = openStateStore(env, { agent, connectionPolicy });
    try {
        await expect(app.upsert('scratch', 'p', { id: 'x' })).rejects.toThrow('container scratch is not registered');
        await expect(app.upsert(CONTAINERS.runs, 'p', { id: 'x' })).resolves.toMatchObject({ id: 'x' });
        await expect(bare.upsert('scratch', 'p', { id: 'x' })).resolves.toMatchObject({ id: 'x' });
    } finally {
        await Promise.all([app.close(), bare.close()]);
    }
});
