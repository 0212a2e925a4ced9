// The simulator's own persistence: named tables of JSON-like values, in LMDB
// under DATA_DIR/simulator, or in memory when the host keeps nothing on disk.
// Callers hold their working state in memory and commit changed records, so
// one commit is one atomic step of the simulated cloud (a write and its log
// entry land together, or neither does).
import * as fs from 'node:fs';
import { Database, open, RootDatabase } from 'lmdb';

/** One write; `value: undefined` deletes the key. */
export interface StoreOp {
    table: string;
    key: string;
    value?: unknown;
}

/** Keys with start <= key < end (either bound optional). */
export interface KeyRange {
    start?: string;
    end?: string;
}

export interface SimulatorStore {
    get<V>(table: string, key: string): V | undefined;
    /** A table's entries in key order. */
    entries<V>(table: string, range?: KeyRange): Array<[string, V]>;
    /** Applies the ops atomically, in call order with other commits. */
    commit(ops: StoreOp[]): Promise<void>;
    close(): Promise<void>;
}

export function openStore(dir?: string): SimulatorStore {
    return dir ? new LmdbStore(dir) : new MemoryStore();
}

class MemoryStore implements SimulatorStore {
    private readonly tables = new Map<string, Map<string, unknown>>();

    get<V>(table: string, key: string): V | undefined {
        const value = this.table(table).get(key);
        return value === undefined ? undefined : (structuredClone(value) as V);
    }

    entries<V>(table: string, range: KeyRange = {}): Array<[string, V]> {
        return [...this.table(table).entries()]
            .filter(([k]) => (range.start === undefined || k >= range.start) && (range.end === undefined || k < range.end))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, structuredClone(v) as V]);
    }

    async commit(ops: StoreOp[]): Promise<void> {
        // copies in and out, so memory behaves like disk: nobody shares objects with the store
        for (const op of ops) {
            if (op.value === undefined) this.table(op.table).delete(op.key);
            else this.table(op.table).set(op.key, structuredClone(op.value));
        }
    }

    async close(): Promise<void> {}

    private table(name: string): Map<string, unknown> {
        let t = this.tables.get(name);
        if (!t) this.tables.set(name, (t = new Map()));
        return t;
    }
}

class LmdbStore implements SimulatorStore {
    private readonly root: RootDatabase;
    private readonly dbs = new Map<string, Database>();

    constructor(dir: string) {
        fs.mkdirSync(dir, { recursive: true });
        this.root = open({ path: dir, maxDbs: 32 });
    }

    get<V>(table: string, key: string): V | undefined {
        return this.db(table).get(key) as V | undefined;
    }

    entries<V>(table: string, range: KeyRange = {}): Array<[string, V]> {
        return [...this.db(table).getRange(range)].map(({ key, value }) => [String(key), value as V]);
    }

    async commit(ops: StoreOp[]): Promise<void> {
        if (ops.length === 0) return;
        const dbs = ops.map((op) => this.db(op.table)); // tables are opened outside the write transaction
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

    private db(name: string): Database {
        let db = this.dbs.get(name);
        if (!db) this.dbs.set(name, (db = this.root.openDB({ name })));
        return db;
    }
}
