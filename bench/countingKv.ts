// A store that passes everything through and keeps what the engine commits,
// with the UTF-8 bytes of the key and JSON value of every put: how the long-
// history bench and the history tests measure what an episode writes.
import { KeyRange, Kv, KvOp } from '../shared/adapters/embedded/embeddedKv';

export interface Commit {
    ops: KvOp[];
    /** UTF-8 bytes of the key and JSON value of every put. */
    bytes: number;
}

export class CountingKv implements Kv {
    /** Bytes of every put committed so far. */
    bytes = 0;
    /** Each commit, when asked to keep them (a bench does not: it would hold every value written). */
    readonly commits: Commit[] = [];

    constructor(protected readonly inner: Kv, private readonly keepCommits = false) {}

    get persistent(): boolean {
        return this.inner.persistent;
    }
    get<V>(table: string, key: string): V | undefined {
        return this.inner.get<V>(table, key);
    }
    entries<V>(table: string, range?: KeyRange): Array<[string, V]> {
        return this.inner.entries<V>(table, range);
    }
    commit(ops: KvOp[]): Promise<void> {
        const bytes = ops.reduce((n, op) => n + (op.value === undefined ? 0 : Buffer.byteLength(op.key) + Buffer.byteLength(JSON.stringify(op.value))), 0);
        this.bytes += bytes;
        if (this.keepCommits) this.commits.push({ ops, bytes });
        return this.inner.commit(ops);
    }
    close(): Promise<void> {
        return this.inner.close();
    }
}
