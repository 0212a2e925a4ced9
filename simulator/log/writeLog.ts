// The ordered record of every write the simulated services received: which
// service, what request, for which partner, a digest of the body, and what
// the simulator answered. An entry is committed together with the changes its
// request made, before the answer is sent, so after a crash the log says
// exactly which writes took effect; it lives in the simulator's store and so
// survives restarts (a reset of the world does not clear it).
import { createHash } from 'node:crypto';
import type { SimulatorStore, StoreOp } from '../store/store';

export type ServiceName = 'partner-center' | 'arm' | 'graph' | 'credits' | 'mail';

export interface WriteLogEntry {
    /** 1, 2, 3…: the order the simulator answered in, which is the order its effects took place. */
    seq: number;
    /** When the simulator answered (ISO 8601). */
    at: string;
    service: ServiceName;
    method: string;
    /** Below the simulated API, as fault patterns see it: `/v1/customers/…/subscriptions/overage`. */
    path: string;
    /** The partner the bearer token names, when it was a valid token for the service; else null. */
    partner: string | null;
    /** SHA-256 of the request body, hex; null for an empty body. */
    bodyDigest: string | null;
    status: number;
}

const ENTRIES = 'write-log';
const META = 'write-log-meta';
const LAST_SEQ = 'last-seq';
const KEY_DIGITS = 12;

export class WriteLog {
    private lastSeq: number;

    constructor(private readonly store: SimulatorStore, private readonly clock: () => Date = () => new Date()) {
        this.lastSeq = store.get<number>(META, LAST_SEQ) ?? 0;
    }

    /**
     * Appends an entry and commits it with `ops`, the changes its request made.
     * The number is taken and the commit issued in one synchronous step, so the
     * store's commit order is the log's order.
     */
    append(entry: Omit<WriteLogEntry, 'seq' | 'at'>, ops: StoreOp[] = []): Promise<WriteLogEntry> {
        const full: WriteLogEntry = { seq: ++this.lastSeq, at: this.clock().toISOString(), ...entry };
        const committed = this.store.commit([
            ...ops,
            { table: ENTRIES, key: keyOf(full.seq), value: full },
            { table: META, key: LAST_SEQ, value: full.seq },
        ]);
        return committed.then(() => full);
    }

    /** The entries after `seq` (all of them for 0), oldest first. */
    since(seq = 0): WriteLogEntry[] {
        return this.store.entries<WriteLogEntry>(ENTRIES, { start: keyOf(seq + 1) }).map(([, e]) => e);
    }
}

export function bodyDigest(body: Buffer): string | null {
    return body.length === 0 ? null : createHash('sha256').update(body).digest('hex');
}

function keyOf(seq: number): string {
    return String(seq).padStart(KEY_DIGITS, '0');
}
