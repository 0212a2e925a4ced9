// Two runs recording the same customer and service at once: one wins. Run against each
// StateStore adapter (in memory, LMDB on disk, Cosmos on cosmosdb-server), because what decides
// the race is the store's conditional create and ETag-guarded replace.
import { StateConflictError, StatePreconditionFailedError, StateQuery, StateStore, Stored, WriteOptions } from '../../shared/adapters/state/stateStores';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import type { RecordedSetting } from '../../shared/core/overage/recordedSetting';
import { recordSetting } from '../../shared/features/overage/settingStore';
import { OpenedStore, stateStoreKinds } from '../helpers/stateStores';

const base: Omit<RecordedSetting, 'partnerId' | 'runId'> = {
    customerTenantId: '10000000-0000-4000-8000-000000000001', service: 'PhoneServices', azureEntitlementId: '30000000-0000-4000-8000-000000000001', overageEnabled: true, at: '2026-01-01T00:00:00.000Z',
};

function customer(n: number): string {
    return `10000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * A view of a store on which the first `parties` reads wait for one another, so every racer
 * decides on the same state before anyone writes; it keeps the writes the store refused.
 */
class RacingStore implements StateStore {
    readonly refused: unknown[] = [];
    private arrived = 0;
    private release!: () => void;
    private readonly allRead = new Promise<void>((resolve) => (this.release = resolve));

    constructor(private readonly inner: StateStore, private readonly parties: number) {}

    async read<T extends { id: string }>(container: string, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
        const doc = await this.inner.read<T>(container, partitionKey, id);
        if (this.arrived < this.parties) {
            if (++this.arrived === this.parties) this.release();
            await this.allRead;
        }
        return doc;
    }

    create<T extends { id: string }>(container: string, partitionKey: string, doc: T): Promise<Stored<T>> {
        return this.watch(this.inner.create(container, partitionKey, doc));
    }

    replace<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        return this.watch(this.inner.replace(container, partitionKey, doc, opts));
    }

    upsert<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        return this.watch(this.inner.upsert(container, partitionKey, doc, opts));
    }

    delete(container: string, partitionKey: string, id: string, opts?: WriteOptions): Promise<void> {
        return this.watch(this.inner.delete(container, partitionKey, id, opts));
    }

    query<T extends { id: string }>(container: string, query?: StateQuery): Promise<Array<Stored<T>>> {
        return this.inner.query<T>(container, query);
    }

    ping(): Promise<void> {
        return this.inner.ping();
    }

    close(): Promise<void> {
        return this.inner.close();
    }

    private async watch<R>(write: Promise<R>): Promise<R> {
        try {
            return await write;
        } catch (err) {
            this.refused.push(err);
            throw err;
        }
    }
}

describe.each(stateStoreKinds())('recordSetting on the $name store', (kind) => {
    let opened: OpenedStore;
    let store: StateStore;

    beforeAll(() => kind.start());
    afterAll(() => kind.stop());
    beforeEach(async () => {
        opened = await kind.open();
        store = opened.store;
    });
    afterEach(() => opened.cleanup());

    const stored = (customerTenantId: string) => store.read<RecordedSetting & { id: string }>(CONTAINERS.settings, customerTenantId, 'PhoneServices');

    /** Exactly one of the results won; the loser was told the winner's record, which is what the store holds. */
    async function expectOneConsistentWinner(results: Array<{ won: boolean; current: RecordedSetting }>, records: RecordedSetting[]): Promise<void> {
        expect(results.map((r) => r.won).filter(Boolean)).toHaveLength(1);
        const winner = records[results.findIndex((r) => r.won)];
        for (const result of results) expect(result.current).toEqual(winner);
        expect(await stored(winner.customerTenantId)).toEqual({ ...winner, id: 'PhoneServices', pk: winner.customerTenantId, etag: expect.any(String) });
    }

    test('concurrent records of two partners: exactly one wins, and the record names it', async () => {
        for (let round = 0; round < 20; round++) {
            const records = [
                { ...base, customerTenantId: customer(round), partnerId: '1001', runId: `a-${round}` },
                { ...base, customerTenantId: customer(round), partnerId: '1002', runId: `b-${round}` },
            ];
            const results = await Promise.all(records.map((r) => recordSetting(store, r)));
            await expectOneConsistentWinner(results, records);
        }
    });

    test('both read "no setting yet" before either writes: the conditional create lets exactly one win', async () => {
        const racing = new RacingStore(store, 2);
        const records = [{ ...base, partnerId: '1001', runId: 'a' }, { ...base, partnerId: '1002', runId: 'b' }];
        const results = await Promise.all(records.map((r) => recordSetting(racing, r)));

        await expectOneConsistentWinner(results, records);
        // the loser's create was refused by the store, and it lost on reading the winner's record
        expect(racing.refused).toEqual([expect.any(StateConflictError)]);
    });

    test('two partners take over a disabled setting from the same read: the ETag lets exactly one win', async () => {
        await recordSetting(store, { ...base, partnerId: '1001', runId: 'old', overageEnabled: false, azureEntitlementId: null });
        const before = await stored(base.customerTenantId);
        const racing = new RacingStore(store, 2);
        const records = [
            { ...base, partnerId: '1002', runId: 'b', azureEntitlementId: '30000000-0000-4000-8000-000000000002' },
            { ...base, partnerId: '1003', runId: 'c', azureEntitlementId: '30000000-0000-4000-8000-000000000003' },
        ];
        const results = await Promise.all(records.map((r) => recordSetting(racing, r)));

        await expectOneConsistentWinner(results, records);
        expect(racing.refused).toEqual([expect.any(StatePreconditionFailedError)]);
        expect((await stored(base.customerTenantId))!.etag).not.toBe(before!.etag);
    });

    test('the owner repeating its run while another partner races: the owner keeps it', async () => {
        const owner = { ...base, partnerId: '1001', runId: 'a' };
        await recordSetting(store, owner);
        const racing = new RacingStore(store, 2);
        const [again, other] = await Promise.all([recordSetting(racing, owner), recordSetting(racing, { ...base, partnerId: '1002', runId: 'b' })]);

        expect(again).toEqual({ won: true, current: owner });
        expect(other).toEqual({ won: false, current: owner });
        expect(racing.refused).toEqual([]);
        expect(await stored(base.customerTenantId)).toEqual({ ...owner, id: 'PhoneServices', pk: base.customerTenantId, etag: expect.any(String) });
    });

    test('a repeated record of the same run wins again; a disabled setting can be taken over', async () => {
        expect((await recordSetting(store, { ...base, partnerId: '1001', runId: 'a' })).won).toBe(true);
        expect((await recordSetting(store, { ...base, partnerId: '1001', runId: 'a' })).won).toBe(true);
        expect((await recordSetting(store, { ...base, partnerId: '1002', runId: 'b' })).won).toBe(false);
        await recordSetting(store, { ...base, partnerId: '1001', runId: 'c', overageEnabled: false, azureEntitlementId: null });
        expect((await recordSetting(store, { ...base, partnerId: '1002', runId: 'b' })).won).toBe(true);
        expect((await stored(base.customerTenantId))?.partnerId).toBe('1002');
    });
});
