import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStateStore, parseStateStoreConfig } from '../../shared/adapters/state/stateStores';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { describeStateStoreContract } from './stateStore.contract';

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'state-store-'));
}

describeStateStoreContract('embedded, in memory', async () => {
    const store = new EmbeddedStateStore(undefined);
    return { store, cleanup: () => store.close() };
});

// through openStateStore, so the default wiring (LMDB under DATA_DIR/state) is what gets tested
describeStateStoreContract('embedded, LMDB on disk', async () => {
    const dir = tempDir();
    const store = openStateStore({ DATA_DIR: dir });
    return {
        store,
        cleanup: async () => {
            await store.close();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
});

describe('embedded state store on disk', () => {
    let dir: string;
    beforeEach(() => (dir = tempDir()));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('keeps documents and etags across a reopen, under DATA_DIR/state', async () => {
        const first = openStateStore({ DATA_DIR: dir });
        const written = await first.create('customers', 'p', { id: 'x', name: 'durable' });
        await first.close();

        expect(fs.existsSync(path.join(dir, 'state'))).toBe(true);
        const second = openStateStore({ DATA_DIR: dir });
        try {
            expect(await second.read('customers', 'p', 'x')).toEqual(written);
            await expect(second.replace('customers', 'p', { id: 'x' }, { ifMatch: written.etag })).resolves.toMatchObject({ id: 'x' });
        } finally {
            await second.close();
        }
    });

    it('refuses work once closed, so health checks see it', async () => {
        const store = openStateStore({ DATA_DIR: dir });
        await store.close();

        await expect(store.ping()).rejects.toThrow('closed');
        await expect(store.read('customers', 'p', 'x')).rejects.toThrow('closed');
    });
});

describe('state store config', () => {
    it('defaults to the embedded store under .data', () => {
        expect(parseStateStoreConfig({})).toEqual({ STATE_STORE: 'embedded', DATA_DIR: '.data', COSMOS_DATABASE: 'telco-overage' });
    });

    it('needs an endpoint for Cosmos; the key is for the emulator only (Azure signs in with the identity)', () => {
        expect(() => parseStateStoreConfig({ STATE_STORE: 'cosmos' })).toThrow('STATE_STORE=cosmos needs COSMOS_ENDPOINT');
        expect(parseStateStoreConfig({ STATE_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/' })).not.toHaveProperty('COSMOS_KEY');
        expect(() => parseStateStoreConfig({ STATE_STORE: 'cosmos', COSMOS_ENDPOINT: 'not a url', COSMOS_KEY: 'k' })).toThrow();
        expect(parseStateStoreConfig({ STATE_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'k' })).toMatchObject({
            STATE_STORE: 'cosmos',
            COSMOS_DATABASE: 'telco-overage',
        });
    });

    it('rejects an unknown adapter', () => {
        expect(() => parseStateStoreConfig({ STATE_STORE: 'redis' })).toThrow();
    });
});
