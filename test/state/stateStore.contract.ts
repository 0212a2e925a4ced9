// The behaviour every StateStore adapter must show; run by each adapter's test file.
import {
    StateConflictError,
    StateNotFoundError,
    StatePreconditionFailedError,
    StateStore,
    Stored,
} from '../../shared/adapters/state/stateStores';

export interface StoreUnderTest {
    store: StateStore;
    cleanup(): Promise<void>;
}

interface Customer {
    id: string;
    name: string;
    tier?: number;
}

interface AuditEvent {
    id: string;
    customerId: string;
    kind: string;
    at: string;
    seq: number;
    flagged: boolean | null;
}

const C = 'customers';

/** Each test gets a fresh store (own temp dir or own Cosmos database), so tests are isolated and parallel-safe. */
export function describeStateStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
    describe(`StateStore contract: ${name}`, () => {
        let subject: StoreUnderTest;
        let store: StateStore;

        beforeEach(async () => {
            subject = await makeStore();
            store = subject.store;
        });
        afterEach(async () => {
            await subject.cleanup();
        });

        describe('create and read', () => {
            it('returns the document with pk and etag, and reads it back the same', async () => {
                const created = await store.create<Customer>(C, 'partner-1', { id: 'cust-1', name: 'Contoso', tier: 2 });

                expect(created).toEqual({ id: 'cust-1', name: 'Contoso', tier: 2, pk: 'partner-1', etag: expect.any(String) });
                expect(created.etag).not.toBe('');
                expect(await store.read<Customer>(C, 'partner-1', 'cust-1')).toEqual(created);
            });

            it('hides Cosmos system properties', async () => {
                await store.create(C, 'p', { id: 'x', name: 'n' });

                const [queried] = await store.query(C);
                const read = await store.read(C, 'p', 'x');
                for (const doc of [queried, read]) {
                    expect(Object.keys(doc!).sort()).toEqual(['etag', 'id', 'name', 'pk']);
                }
            });

            it('reads a missing document as undefined', async () => {
                await store.create(C, 'p', { id: 'x', name: 'n' });

                expect(await store.read(C, 'p', 'nope')).toBeUndefined();
                expect(await store.read(C, 'other-partition', 'x')).toBeUndefined();
                expect(await store.read('never-written', 'p', 'x')).toBeUndefined();
            });

            it('rejects a duplicate id in the same partition with a 409 and keeps the original', async () => {
                const original = await store.create<Customer>(C, 'p', { id: 'x', name: 'first' });

                const err = await store.create<Customer>(C, 'p', { id: 'x', name: 'second' }).catch((e: unknown) => e);

                expect(err).toBeInstanceOf(StateConflictError);
                expect(err).toMatchObject({ status: 409, code: 'state-conflict', ref: { container: C, partitionKey: 'p', id: 'x' } });
                expect(await store.read(C, 'p', 'x')).toEqual(original);
            });

            it('stores values as JSON, the way Cosmos does', async () => {
                await store.create(C, 'p', { id: 'x', at: new Date(0), nested: { list: [1, 'two', null] }, gone: undefined });

                expect(await store.read(C, 'p', 'x')).toEqual({
                    id: 'x',
                    pk: 'p',
                    etag: expect.any(String),
                    at: '1970-01-01T00:00:00.000Z',
                    nested: { list: [1, 'two', null] },
                });
            });

            it('hands out copies: mutating a returned document does not change the store', async () => {
                const created = await store.create(C, 'p', { id: 'x', nested: { n: 1 } });
                created.nested.n = 99;
                const read = await store.read<{ id: string; nested: { n: number } }>(C, 'p', 'x');
                read!.nested.n = 98;

                expect((await store.read<{ id: string; nested: { n: number } }>(C, 'p', 'x'))!.nested.n).toBe(1);
            });
        });

        describe('partitions and containers', () => {
            it('keeps the same id in two partitions as distinct documents', async () => {
                await store.create<Customer>(C, 'p1', { id: 'x', name: 'in p1' });
                await store.create<Customer>(C, 'p2', { id: 'x', name: 'in p2' });

                expect((await store.read<Customer>(C, 'p1', 'x'))?.name).toBe('in p1');
                expect((await store.read<Customer>(C, 'p2', 'x'))?.name).toBe('in p2');

                await store.delete(C, 'p1', 'x');
                expect(await store.read(C, 'p1', 'x')).toBeUndefined();
                expect((await store.read<Customer>(C, 'p2', 'x'))?.name).toBe('in p2');
            });

            it('keeps containers apart', async () => {
                await store.create(C, 'p', { id: 'x', name: 'customer' });
                await store.create('settings', 'p', { id: 'x', name: 'setting' });

                expect((await store.read<Customer>(C, 'p', 'x'))?.name).toBe('customer');
                expect((await store.read<Customer>('settings', 'p', 'x'))?.name).toBe('setting');
            });

            it('refuses a document whose pk contradicts the partition it is written to', async () => {
                await expect(store.create(C, 'p1', { id: 'x', pk: 'p2' })).rejects.toThrow(RangeError);
                expect(await store.read(C, 'p1', 'x')).toBeUndefined();
            });

            it('refuses ids and container names Cosmos cannot address', async () => {
                await expect(store.create(C, 'p', { id: 'a/b' })).rejects.toThrow(RangeError);
                await expect(store.create(C, 'p', { id: '' })).rejects.toThrow(RangeError);
                await expect(store.create('bad#name', 'p', { id: 'x' })).rejects.toThrow(RangeError);
            });
        });

        describe('replace', () => {
            it('overwrites the whole document and changes the etag', async () => {
                const v1 = await store.create<Customer>(C, 'p', { id: 'x', name: 'old', tier: 1 });

                const v2 = await store.replace<Customer>(C, 'p', { id: 'x', name: 'new' });

                expect(v2).toEqual({ id: 'x', name: 'new', pk: 'p', etag: expect.any(String) });
                expect(v2.etag).not.toBe(v1.etag);
                expect(await store.read(C, 'p', 'x')).toEqual(v2);
            });

            it('accepts a document read earlier, etag and all, and issues a new etag', async () => {
                const v1 = await store.create<Customer>(C, 'p', { id: 'x', name: 'old' });

                const v2 = await store.replace(C, 'p', { ...v1, name: 'new' }, { ifMatch: v1.etag });

                expect(v2.name).toBe('new');
                expect(v2.etag).not.toBe(v1.etag);
            });

            it('fails with 404 when the document does not exist, creating nothing', async () => {
                const err = await store.replace<Customer>(C, 'p', { id: 'x', name: 'n' }).catch((e: unknown) => e);

                expect(err).toBeInstanceOf(StateNotFoundError);
                expect(err).toMatchObject({ status: 404, code: 'state-not-found' });
                expect(await store.read(C, 'p', 'x')).toBeUndefined();
            });

            it('fails with 412 on a stale etag and leaves the newer version in place', async () => {
                const v1 = await store.create<Customer>(C, 'p', { id: 'x', name: 'v1' });
                const v2 = await store.replace<Customer>(C, 'p', { id: 'x', name: 'v2' }, { ifMatch: v1.etag });

                const err = await store.replace<Customer>(C, 'p', { id: 'x', name: 'v3' }, { ifMatch: v1.etag }).catch((e: unknown) => e);

                expect(err).toBeInstanceOf(StatePreconditionFailedError);
                expect(err).toMatchObject({ status: 412, code: 'state-precondition-failed' });
                expect(await store.read(C, 'p', 'x')).toEqual(v2);
            });
        });

        describe('upsert', () => {
            it('creates a missing document, then replaces it with a new etag', async () => {
                const v1 = await store.upsert<Customer>(C, 'p', { id: 'x', name: 'v1' });
                const v2 = await store.upsert<Customer>(C, 'p', { id: 'x', name: 'v2' });

                expect(v1).toEqual({ id: 'x', name: 'v1', pk: 'p', etag: expect.any(String) });
                expect(v2.etag).not.toBe(v1.etag);
                expect(await store.read(C, 'p', 'x')).toEqual(v2);
            });

            it('honours ifMatch on an existing document: 412 when stale, written when current', async () => {
                const v1 = await store.create<Customer>(C, 'p', { id: 'x', name: 'v1' });
                const v2 = await store.upsert<Customer>(C, 'p', { id: 'x', name: 'v2' }, { ifMatch: v1.etag });

                await expect(store.upsert<Customer>(C, 'p', { id: 'x', name: 'v3' }, { ifMatch: v1.etag })).rejects.toBeInstanceOf(
                    StatePreconditionFailedError,
                );
                expect(await store.read(C, 'p', 'x')).toEqual(v2);
            });

            it('creates a missing document even with ifMatch (Cosmos semantics)', async () => {
                const created = await store.upsert<Customer>(C, 'p', { id: 'x', name: 'n' }, { ifMatch: 'some-old-etag' });

                expect(await store.read(C, 'p', 'x')).toEqual(created);
            });
        });

        describe('delete', () => {
            it('removes the document', async () => {
                await store.create(C, 'p', { id: 'x' });

                await store.delete(C, 'p', 'x');

                expect(await store.read(C, 'p', 'x')).toBeUndefined();
                expect(await store.query(C)).toEqual([]);
            });

            it('fails with 404 when the document does not exist', async () => {
                await expect(store.delete(C, 'p', 'x')).rejects.toMatchObject({ status: 404, code: 'state-not-found' });
            });

            it('fails with 412 on a stale etag and keeps the document; succeeds with the current one', async () => {
                const v1 = await store.create<Customer>(C, 'p', { id: 'x', name: 'v1' });
                const v2 = await store.replace<Customer>(C, 'p', { id: 'x', name: 'v2' });

                await expect(store.delete(C, 'p', 'x', { ifMatch: v1.etag })).rejects.toBeInstanceOf(StatePreconditionFailedError);
                expect(await store.read(C, 'p', 'x')).toEqual(v2);

                await store.delete(C, 'p', 'x', { ifMatch: v2.etag });
                expect(await store.read(C, 'p', 'x')).toBeUndefined();
            });

            it('lets the id be created again afterwards', async () => {
                await store.create(C, 'p', { id: 'x', name: 'first' });
                await store.delete(C, 'p', 'x');

                const again = await store.create<Customer>(C, 'p', { id: 'x', name: 'second' });
                expect(await store.read(C, 'p', 'x')).toEqual(again);
            });
        });

        describe('etags and concurrency', () => {
            it('issues a distinct etag on every write', async () => {
                const etags = [(await store.create<Customer>(C, 'p', { id: 'x', name: '0' })).etag];
                for (let i = 1; i <= 3; i++) etags.push((await store.replace<Customer>(C, 'p', { id: 'x', name: `r${i}` })).etag);
                for (let i = 1; i <= 3; i++) etags.push((await store.upsert<Customer>(C, 'p', { id: 'x', name: `u${i}` })).etag);
                // recreating after delete must not resurrect an etag a stale writer may still hold
                await store.delete(C, 'p', 'x');
                etags.push((await store.create<Customer>(C, 'p', { id: 'x', name: 'again' })).etag);

                expect(new Set(etags).size).toBe(etags.length);
            });

            it('lets exactly one of several concurrent replaces with the same etag win', async () => {
                const base = await store.create<Customer>(C, 'p', { id: 'x', name: 'base' });

                const writers = ['a', 'b', 'c', 'd', 'e'];
                const results = await Promise.allSettled(
                    writers.map((w) => store.replace<Customer>(C, 'p', { id: 'x', name: w }, { ifMatch: base.etag })),
                );

                const won = results.filter((r): r is PromiseFulfilledResult<Stored<Customer>> => r.status === 'fulfilled');
                const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
                expect(won).toHaveLength(1);
                expect(lost.map((r) => r.reason)).toEqual(writers.slice(1).map(() => expect.any(StatePreconditionFailedError)));
                expect(await store.read(C, 'p', 'x')).toEqual(won[0].value);
            });

            it('lets exactly one of several concurrent creates of the same id win', async () => {
                const results = await Promise.allSettled(['a', 'b', 'c'].map((w) => store.create<Customer>(C, 'p', { id: 'x', name: w })));

                const won = results.filter((r): r is PromiseFulfilledResult<Stored<Customer>> => r.status === 'fulfilled');
                expect(won).toHaveLength(1);
                expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([
                    expect.any(StateConflictError),
                    expect.any(StateConflictError),
                ]);
                expect(await store.read(C, 'p', 'x')).toEqual(won[0].value);
            });
        });

        describe('query', () => {
            const A = 'audit';
            const events: AuditEvent[] = [
                { id: 'e1', customerId: 'c1', kind: 'enabled', at: '2024-01-01T10:00:00Z', seq: 3, flagged: false },
                { id: 'e2', customerId: 'c1', kind: 'billed', at: '2024-01-03T10:00:00Z', seq: 1, flagged: null },
                { id: 'e3', customerId: 'c1', kind: 'billed', at: '2024-01-02T10:00:00Z', seq: 2, flagged: true },
                { id: 'e4', customerId: 'c2', kind: 'billed', at: '2024-01-04T10:00:00Z', seq: 10, flagged: false },
            ];
            const ids = (docs: Array<{ id: string }>) => docs.map((d) => d.id);
            const sorted = (docs: Array<{ id: string }>) => ids(docs).sort();

            beforeEach(async () => {
                // partitioned by customer, as the audit log is
                for (const e of events) await store.create(A, e.customerId, e);
            });

            it('returns every document of the container by default, as full documents', async () => {
                const all = await store.query<AuditEvent>(A);

                expect(sorted(all)).toEqual(['e1', 'e2', 'e3', 'e4']);
                expect(all.find((d) => d.id === 'e1')).toEqual({ ...events[0], pk: 'c1', etag: expect.any(String) });
            });

            it('returns nothing from an empty or unknown container', async () => {
                expect(await store.query('empty-container')).toEqual([]);
            });

            it('restricts to one partition', async () => {
                expect(sorted(await store.query(A, { partitionKey: 'c1' }))).toEqual(['e1', 'e2', 'e3']);
                expect(sorted(await store.query(A, { partitionKey: 'c2' }))).toEqual(['e4']);
                expect(await store.query(A, { partitionKey: 'nobody' })).toEqual([]);
            });

            it('filters by equality on strings, numbers, booleans and null, all conditions together', async () => {
                expect(sorted(await store.query(A, { where: { kind: 'billed' } }))).toEqual(['e2', 'e3', 'e4']);
                expect(sorted(await store.query(A, { where: { kind: 'billed', customerId: 'c1' } }))).toEqual(['e2', 'e3']);
                expect(sorted(await store.query(A, { where: { seq: 10 } }))).toEqual(['e4']);
                expect(sorted(await store.query(A, { where: { flagged: false } }))).toEqual(['e1', 'e4']);
                expect(sorted(await store.query(A, { where: { flagged: null } }))).toEqual(['e2']);
                expect(await store.query(A, { where: { seq: '10' } })).toEqual([]); // no type coercion
                expect(await store.query(A, { where: { missingField: null } })).toEqual([]);
            });

            it('orders ascending and descending by string and number fields', async () => {
                expect(ids(await store.query(A, { orderBy: { field: 'at', direction: 'asc' } }))).toEqual(['e1', 'e3', 'e2', 'e4']);
                expect(ids(await store.query(A, { orderBy: { field: 'at', direction: 'desc' } }))).toEqual(['e4', 'e2', 'e3', 'e1']);
                expect(ids(await store.query(A, { orderBy: { field: 'seq', direction: 'asc' } }))).toEqual(['e2', 'e3', 'e1', 'e4']);
            });

            it('limits the result after ordering', async () => {
                expect(ids(await store.query(A, { orderBy: { field: 'seq', direction: 'desc' }, limit: 2 }))).toEqual(['e4', 'e1']);
                expect(await store.query(A, { limit: 3 })).toHaveLength(3);
                expect(await store.query(A, { limit: 0 })).toEqual([]);
            });

            it("answers the app's shape of query: a customer's events of one kind, newest first, capped", async () => {
                const latest = await store.query<AuditEvent>(A, {
                    partitionKey: 'c1',
                    where: { kind: 'billed' },
                    orderBy: { field: 'at', direction: 'desc' },
                    limit: 1,
                });

                expect(ids(latest)).toEqual(['e2']);
                expect(latest[0].etag).toBe((await store.read(A, 'c1', 'e2'))!.etag);
            });

            it('keeps partitions apart whose keys share a beginning or hold quotes', async () => {
                const P = 'partitions';
                for (const pk of ['c', 'c1', 'c"', 'c",', '']) await store.create(P, pk, { id: `in-${pk}` });
                for (const pk of ['c', 'c1', 'c"', 'c",', '']) expect(ids(await store.query(P, { partitionKey: pk }))).toEqual([`in-${pk}`]);
            });

            it('matches documents whose array field holds a value, with the other filters', async () => {
                const V = 'visible';
                await store.create(V, 'c1', { id: 'r1', viewers: ['1001', '2001'], kind: 'enable' });
                await store.create(V, 'c1', { id: 'r2', viewers: ['1002'], kind: 'enable' });
                await store.create(V, 'c1', { id: 'r3', viewers: '1001', kind: 'enable' }); // not an array: never matches
                await store.create(V, 'c2', { id: 'r4', viewers: ['1001'], kind: 'disable' });
                expect(sorted(await store.query(V, { contains: { viewers: '1001' } }))).toEqual(['r1', 'r4']);
                expect(sorted(await store.query(V, { partitionKey: 'c1', contains: { viewers: '1001' } }))).toEqual(['r1']);
                expect(sorted(await store.query(V, { where: { kind: 'disable' }, contains: { viewers: '1001' } }))).toEqual(['r4']);
                expect(await store.query(V, { contains: { viewers: '9999' } })).toEqual([]);
                await expect(store.query(V, { contains: { 'a b': 'x' } })).rejects.toThrow(RangeError);
            });

            it('rejects field names that are not plain identifiers and nonsense limits', async () => {
                await expect(store.query(A, { where: { 'kind"] = 1 OR 1=1 --': 'x' } })).rejects.toThrow(RangeError);
                await expect(store.query(A, { orderBy: { field: 'a.b', direction: 'asc' } })).rejects.toThrow(RangeError);
                await expect(store.query(A, { limit: -1 })).rejects.toThrow(RangeError);
            });
        });

        it('answers ping while open', async () => {
            await expect(store.ping()).resolves.toBeUndefined();
        });
    });
}
