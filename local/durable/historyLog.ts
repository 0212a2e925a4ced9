// Instance histories as rows, one per event, keyed by (instance id, execution
// id, sequence number): an episode appends only its new events, so the bytes
// written per step stay the same however long the history grows. The engine
// commits without waiting, so the events whose commit has not landed yet are
// kept here too, and every read sees the whole history. (A memory store is
// never written: there, this is where the histories live.)
import { Kv, KvOp } from '../../shared/adapters/embedded/embeddedKv';
import { HistoryEvent } from './history';

export const HISTORY_TABLE = 'df-history';

/** Wide enough for any history; fixed width keeps key order = sequence order. */
const SEQ_DIGITS = 10;

// \u0000 sorts before every character an id may hold, so one execution's rows form one key range
export function historyKey(instanceId: string, executionId: string, seq: number): string {
    return `${instanceId}\u0000${executionId}\u0000${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

interface Unflushed {
    executionId: string;
    /** Sequence number of events[0]. */
    from: number;
    events: HistoryEvent[];
}

export class HistoryLog {
    private readonly unflushed = new Map<string, Unflushed>();

    constructor(private readonly kv: Kv) {}

    /**
     * Ops that append `events` at sequence number `from`. They count as
     * unflushed until `landed` says their commit is on disk.
     */
    append(instanceId: string, executionId: string, from: number, events: readonly HistoryEvent[]): KvOp[] {
        if (events.length === 0) return [];
        const tail = this.unflushed.get(instanceId);
        if (tail && tail.executionId === executionId && tail.from + tail.events.length === from) tail.events.push(...events);
        else this.unflushed.set(instanceId, { executionId, from, events: [...events] });
        return events.map((e, i) => ({ table: HISTORY_TABLE, key: historyKey(instanceId, executionId, from + i), value: e }));
    }

    /** The commit holding every event before sequence number `upTo` landed. */
    landed(instanceId: string, executionId: string, upTo: number): void {
        const tail = this.unflushed.get(instanceId);
        if (!tail || tail.executionId !== executionId || upTo <= tail.from) return;
        tail.events.splice(0, upTo - tail.from);
        tail.from = upTo;
        if (tail.events.length === 0) this.unflushed.delete(instanceId);
    }

    /** Ops deleting an execution's `length` rows (continueAsNew, purge), known from the instance's counter. */
    remove(instanceId: string, executionId: string, length: number): KvOp[] {
        if (this.unflushed.get(instanceId)?.executionId === executionId) this.unflushed.delete(instanceId);
        return Array.from({ length }, (_, seq) => ({ table: HISTORY_TABLE, key: historyKey(instanceId, executionId, seq) }));
    }

    /** The execution's history in order: the stored rows, then what is still on its way to disk. */
    read(instanceId: string, executionId: string, length: number): HistoryEvent[] {
        // bounded by row keys (sequence 0 and `length`), never by their shorter prefix: LMDB writes a
        // key holding \u0000 escaped below 64 characters and raw from 64 on, so a prefix of less than 64
        // characters sorts after rows of 64 and more (an id of 16 to 25 characters) and the range held none
        const range = { start: historyKey(instanceId, executionId, 0), end: historyKey(instanceId, executionId, length) };
        const events = this.kv.entries<HistoryEvent>(HISTORY_TABLE, range).map(([, e]) => e);
        const tail = this.unflushed.get(instanceId);
        if (tail?.executionId === executionId && events.length >= tail.from) events.push(...tail.events.slice(events.length - tail.from));
        if (events.length !== length) {
            throw new Error(`The stored history of instance '${instanceId}' has ${events.length} events where its state counts ${length}; the data directory is damaged.`);
        }
        return events;
    }
}
