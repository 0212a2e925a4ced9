// Local adapter of the state port on the embedded KV (LMDB on disk, or memory).
// One KV table per container (the KV allows 64, far more than the app uses);
// key = [pk, id]; value = the document as JSON text,
// so every read parses a fresh copy and values round-trip exactly as through
// Cosmos (Dates become strings, undefined fields vanish).
import { randomUUID } from 'node:crypto';
import { KeyRange, Kv, openKv } from '../embedded/embeddedKv';
import { DocumentRef, StateConflictError, StateNotFoundError, StatePreconditionFailedError } from './stateErrors';
import { assertName, DocumentBody, planQuery, StateQuery, StateStore, Stored, toBody, WriteOptions } from './stateStore';

type StoredBody = Stored<DocumentBody>;

export class EmbeddedStateStore implements StateStore {
    private readonly kv: Kv;
    /** Tail of the write queue per document; see `serialised`. */
    private readonly writes = new Map<string, Promise<void>>();
    private closed = false;

    /** `dir` undefined keeps everything in memory. */
    constructor(dir: string | undefined) {
        this.kv = openKv(dir);
    }

    async create<T extends { id: string }>(container: string, partitionKey: string, doc: T): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        return this.write<T>({ container, partitionKey, id: body.id }, (current, ref) => {
            if (current) throw new StateConflictError(ref);
            return body;
        });
    }

    async read<T extends { id: string }>(container: string, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
        return this.load({ container, partitionKey, id }) as Stored<T> | undefined;
    }

    async replace<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        return this.write<T>({ container, partitionKey, id: body.id }, (current, ref) => {
            checkExisting(current, ref, opts);
            return body;
        });
    }

    async upsert<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        return this.write<T>({ container, partitionKey, id: body.id }, (current, ref) => {
            if (current) checkExisting(current, ref, opts);
            return body;
        });
    }

    async delete(container: string, partitionKey: string, id: string, opts?: WriteOptions): Promise<void> {
        await this.write({ container, partitionKey, id }, (current, ref) => {
            checkExisting(current, ref, opts);
            return undefined;
        });
    }

    async query<T extends { id: string }>(container: string, query?: StateQuery): Promise<Array<Stored<T>>> {
        const { filters, contains, orderBy, limit } = planQuery(query);
        const docs = this.open()
            .entries<string>(table(container), query?.partitionKey === undefined ? undefined : partitionRange(query.partitionKey))
            .map(([, json]) => JSON.parse(json) as StoredBody)
            .filter((doc) => filters.every(([field, value]) => doc[field] === value))
            .filter((doc) => contains.every(([field, value]) => Array.isArray(doc[field]) && (doc[field] as unknown[]).includes(value)));
        if (orderBy) {
            const sign = orderBy.direction === 'asc' ? 1 : -1;
            docs.sort((a, b) => sign * compareCosmos(a[orderBy.field], b[orderBy.field]));
        }
        return (limit === undefined ? docs : docs.slice(0, limit)) as Array<Stored<T>>;
    }

    async ping(): Promise<void> {
        this.open();
    }

    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        await Promise.all(this.writes.values());
        await this.kv.close();
    }

    private open(): Kv {
        if (this.closed) throw new Error('state store is closed');
        return this.kv;
    }

    private load(ref: DocumentRef): StoredBody | undefined {
        const json = this.open().get<string>(table(ref.container), key(ref));
        return json === undefined ? undefined : (JSON.parse(json) as StoredBody);
    }

    /**
     * Reads the current document, lets `decide` accept it (returning the new body,
     * or undefined to delete) or throw, then commits with a fresh ETag.
     */
    private write<T>(
        ref: DocumentRef,
        decide: (current: StoredBody | undefined, ref: DocumentRef) => DocumentBody | undefined,
    ): Promise<Stored<T>> {
        return this.serialised(`${table(ref.container)}\u0000${key(ref)}`, async () => {
            const next = decide(this.load(ref), ref);
            const json = next && JSON.stringify({ ...next, etag: randomUUID() });
            await this.open().commit([{ table: table(ref.container), key: key(ref), value: json }]);
            return (json && JSON.parse(json)) as Stored<T>;
        });
    }

    /**
     * Runs writes to one document one after another. LMDB applies a commit
     * after `commit()` is called, so without this queue two writers could both
     * pass the ETag check before either write lands.
     */
    private serialised<R>(lock: string, work: () => Promise<R>): Promise<R> {
        const result = (this.writes.get(lock) ?? Promise.resolve()).then(work);
        const tail = result.then(
            () => undefined,
            () => undefined,
        );
        this.writes.set(lock, tail);
        void tail.then(() => {
            if (this.writes.get(lock) === tail) this.writes.delete(lock);
        });
        return result;
    }
}

function table(container: string): string {
    assertName('container', container);
    return container;
}

/** JSON keeps [pk, id] unambiguous whatever characters they contain. */
function key(ref: DocumentRef): string {
    return JSON.stringify([ref.partitionKey, ref.id]);
}

/** Every key of a partition starts `["<pk>","` (the id is a JSON string), so a range of keys holds exactly that partition. */
function partitionRange(partitionKey: string): KeyRange {
    const head = `${JSON.stringify([partitionKey]).slice(0, -1)},`;
    return { start: `${head}"`, end: `${head}#` };
}

/** The checks Cosmos makes before replacing or deleting an existing document. */
function checkExisting(current: StoredBody | undefined, ref: DocumentRef, opts: WriteOptions | undefined): void {
    if (!current) throw new StateNotFoundError(ref);
    if (opts?.ifMatch && opts.ifMatch !== current.etag) throw new StatePreconditionFailedError(ref);
}

/** Cosmos orders mixed types as undefined < null < booleans < numbers < strings. */
const TYPE_RANK: Record<string, number> = { undefined: 0, null: 1, boolean: 2, number: 3, string: 4 };
const rank = (v: unknown): number => TYPE_RANK[v === null ? 'null' : typeof v] ?? 5;

function compareCosmos(a: unknown, b: unknown): number {
    const byType = rank(a) - rank(b);
    if (byType !== 0) return byType;
    // same primitive type here, so < orders them as Cosmos does (strings by code unit)
    const [x, y] = [a, b] as [string, string];
    return x < y ? -1 : x > y ? 1 : 0;
}
