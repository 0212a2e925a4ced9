// A small transactional key-value store: named tables of JSON-like values.
// Two backings with one behaviour: memory (tests, benches) and LMDB on disk
// (the local default). Callers keep their working state in memory and use
// `commit` as a write-ahead record, so every change that must survive a crash
// is written atomically with the work item it consumes.
import { open, RootDatabase, Database } from 'lmdb';
import * as fs from 'node:fs';

/** One write: `value === undefined` deletes the key. */
export interface KvOp {
    table: string;
    key: string;
    value?: unknown;
}

export interface Kv {
    readonly persistent: boolean;
    get<V>(table: string, key: string): V | undefined;
    /** The entries of a table in key order: all, or those with start <= key < end. */
    entries<V>(table: string, range?: KeyRange): Array<[string, V]>;
    /**
     * Applies all ops atomically, in call order with other commits. Resolves once
     * committed: a killed process keeps them; LMDB flushes to disk right after
     * (an OS crash or power cut can lose the last few commits).
     */
    commit(ops: KvOp[]): Promise<void>;
    close(): Promise<void>;
}

/**
 * start <= key < end. On LMDB a key holding U+0000 to U+0004 sorts one way
 * below 64 characters and another from 64 on (see `lmdbKey`): bound a range of
 * such keys by keys of their own length, never by a shorter prefix.
 */
export interface KeyRange {
    start: string;
    end: string;
}

export function openKv(dir: string | undefined): Kv {
    return dir ? new LmdbKv(dir) : new MemoryKv();
}

class MemoryKv implements Kv {
    readonly persistent = false;
    private readonly tables = new Map<string, Map<string, unknown>>();

    private table(name: string): Map<string, unknown> {
        let t = this.tables.get(name);
        if (!t) this.tables.set(name, (t = new Map()));
        return t;
    }
    get<V>(table: string, key: string): V | undefined {
        return this.table(table).get(key) as V | undefined;
    }
    entries<V>(table: string, range?: KeyRange): Array<[string, V]> {
        return [...this.table(table).entries()]
            .filter(([k]) => !range || (k >= range.start && k < range.end))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as Array<[string, V]>;
    }
    async commit(ops: KvOp[]): Promise<void> {
        // structuredClone keeps memory semantics equal to disk: callers never share objects with the store
        for (const op of ops) {
            if (op.value === undefined) this.table(op.table).delete(op.key);
            else this.table(op.table).set(op.key, structuredClone(op.value));
        }
    }
    async close(): Promise<void> {}
}

class LmdbKv implements Kv {
    readonly persistent = true;
    private readonly root: RootDatabase;
    private readonly dbs = new Map<string, Database>();

    constructor(dir: string) {
        fs.mkdirSync(dir, { recursive: true });
        // maxDbs bounds the named tables; 64 is far above what the host uses
        this.root = open({ path: dir, maxDbs: 64 });
    }
    private db(name: string): Database {
        let db = this.dbs.get(name);
        if (!db) this.dbs.set(name, (db = this.root.openDB({ name })));
        return db;
    }
    get<V>(table: string, key: string): V | undefined {
        return this.db(table).get(key) as V | undefined;
    }
    entries<V>(table: string, range?: KeyRange): Array<[string, V]> {
        return [...this.db(table).getRange(range ?? {})].map(({ key, value }) => [lmdbKey(key), value as V]);
    }
    async commit(ops: KvOp[]): Promise<void> {
        if (ops.length === 0) return;
        const dbs = ops.map((op) => this.db(op.table)); // open tables outside the write transaction
        await this.root.transaction(() => {
            ops.forEach((op, i) => {
                if (op.value === undefined) void dbs[i].remove(op.key);
                else void dbs[i].put(op.key, op.value);
            });
        });
    }
    async close(): Promise<void> {
        await this.root.close();
    }
}

/**
 * The string key LMDB was given. Its key encoding (ordered-binary) writes a
 * string of 64 characters or more as plain UTF-8, so each U+0000 in it is the
 * byte that separates the parts of an array key, and such a key reads back as
 * an array of its parts (below 64 characters, U+0000 is escaped and the key
 * reads back as written). Joining the parts gives the string again; String()
 * would join them with commas, a key no row has.
 */
function lmdbKey(key: unknown): string {
    return Array.isArray(key) ? key.join('\u0000') : String(key);
}
