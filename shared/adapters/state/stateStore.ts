// The business-state port: JSON documents in named containers, partitioned by
// key, with ETag optimistic concurrency. Cosmos DB backs it in Azure and LMDB
// locally; test/state/stateStore.contract.ts holds both to the same behaviour.
// The helpers below are the document rules both adapters share, so they can
// only differ in storage, never in what a caller sees.

/** What the store adds to every document it returns. */
export interface DocumentMeta {
    /** The partition key; stored in the document so Cosmos containers use path `/pk`. */
    pk: string;
    /** Opaque version; changes on every write. Pass it back as `ifMatch`. */
    etag: string;
}

export type Stored<T> = T & DocumentMeta;

export type Scalar = string | number | boolean | null;

export interface WriteOptions {
    /** Fail with StatePreconditionFailedError unless the stored ETag is this one. */
    ifMatch?: string;
}

export interface StateQuery {
    /** Restrict to one partition (cheap); omit for a cross-partition scan. */
    partitionKey?: string;
    /** Equality on top-level fields, all must hold. A missing field never equals anything, not even null. */
    where?: Record<string, Scalar>;
    /** Top-level array fields that must hold this value (e.g. the partners that may see a document). */
    contains?: Record<string, Scalar>;
    /** Every matched document should carry this field; ties come back in no defined order. */
    orderBy?: { field: string; direction: 'asc' | 'desc' };
    limit?: number;
}

export interface StateStore {
    /** @throws StateConflictError if `doc.id` already exists in that partition. */
    create<T extends { id: string }>(container: string, partitionKey: string, doc: T): Promise<Stored<T>>;
    read<T extends { id: string }>(container: string, partitionKey: string, id: string): Promise<Stored<T> | undefined>;
    /** @throws StateNotFoundError if missing, StatePreconditionFailedError on a stale `ifMatch`. */
    replace<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>>;
    /**
     * Create or replace. As in Cosmos, `ifMatch` only guards the replace path:
     * a missing document is created whatever `ifMatch` says.
     * @throws StatePreconditionFailedError if the document exists with another ETag.
     */
    upsert<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>>;
    /** @throws StateNotFoundError if missing, StatePreconditionFailedError on a stale `ifMatch`. */
    delete(container: string, partitionKey: string, id: string, opts?: WriteOptions): Promise<void>;
    query<T extends { id: string }>(container: string, query?: StateQuery): Promise<Array<Stored<T>>>;
    /** Resolves when the backing store answers; for /api/health. */
    ping(): Promise<void>;
    close(): Promise<void>;
}

/** Cosmos bookkeeping that callers never see and never write. */
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments'];

export function stripSystemFields(doc: Record<string, unknown>): Record<string, unknown> {
    const rest = { ...doc };
    for (const field of SYSTEM_FIELDS) delete rest[field];
    return rest;
}

/** Cosmos's rules for resource ids, enforced everywhere so a local run cannot accept what Azure would reject. */
export function assertName(kind: 'container' | 'document id', name: string): void {
    if (typeof name !== 'string' || name.length === 0 || name.length > 255 || /[/\\?#]/.test(name) || name.endsWith(' ')) {
        throw new RangeError(`invalid ${kind}: ${JSON.stringify(name)}`);
    }
}

export type DocumentBody = Record<string, unknown> & { id: string; pk: string };

/** What gets written: the caller's fields plus `pk`, without `etag` (the store owns it). */
export function toBody(partitionKey: string, doc: { id: string }): DocumentBody {
    assertName('document id', doc.id);
    const { etag: _etag, ...fields } = stripSystemFields(doc as Record<string, unknown>);
    if (fields.pk !== undefined && fields.pk !== partitionKey) {
        throw new RangeError(`document ${doc.id} has pk ${JSON.stringify(fields.pk)} but is written to partition ${JSON.stringify(partitionKey)}`);
    }
    return { ...fields, id: doc.id, pk: partitionKey };
}

export interface QueryPlan {
    filters: Array<[field: string, value: Scalar]>;
    contains: Array<[field: string, value: Scalar]>;
    orderBy?: StateQuery['orderBy'];
    limit?: number;
}

// Field names end up in Cosmos SQL as c["name"]; values never do (they are parameters).
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function assertField(field: string): void {
    if (!FIELD.test(field)) throw new RangeError(`invalid query field: ${JSON.stringify(field)}`);
}

/** Validates a query and flattens the partition restriction into an ordinary `pk` filter. */
export function planQuery(query: StateQuery = {}): QueryPlan {
    const filters: QueryPlan['filters'] = [];
    if (query.partitionKey !== undefined) filters.push(['pk', query.partitionKey]);
    for (const [field, value] of Object.entries(query.where ?? {})) {
        assertField(field);
        // undefined would match missing fields locally but be dropped by Cosmos
        if (value === undefined) throw new RangeError(`query value for ${field} is undefined`);
        filters.push([field, value]);
    }
    const contains: QueryPlan['contains'] = [];
    for (const [field, value] of Object.entries(query.contains ?? {})) {
        assertField(field);
        if (value === undefined) throw new RangeError(`query value for ${field} is undefined`);
        contains.push([field, value]);
    }
    if (query.orderBy) assertField(query.orderBy.field);
    if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 0)) {
        throw new RangeError(`invalid query limit: ${query.limit}`);
    }
    return { filters, contains, orderBy: query.orderBy, limit: query.limit };
}
