// The local host's clock: real time, shifted by an offset an operator sets
// (PUT /admin/clock), so time still flows from the moment set. The host hands
// it to the app (shared/core/clock.ts), its durable engine, timers, queues and the
// simulator, so they all live on one date. The offset is kept in DATA_DIR: a
// restart must not move the host back to real time under the durable timers
// and records made on the shifted one. Those that wait for a time (timers,
// scheduled messages) listen for changes and wake to look again.
import type { Kv } from '../../shared/adapters/embedded/embeddedKv';
import type { Clock } from '../../shared/core/clock';

const TABLE = 'host-clock';
const OFFSET = 'offset-ms';

export interface ClockView {
    now: string;
    /** How far the host's clock is from real time (0 when it was never set). */
    offsetMs: number;
}

export class HostClock implements Clock {
    private offsetMs: number;
    private readonly listeners = new Set<() => void>();

    constructor(private readonly kv: Kv) {
        this.offsetMs = kv.get<number>(TABLE, OFFSET) ?? 0;
    }

    now(): number {
        return Date.now() + this.offsetMs;
    }

    view(): ClockView {
        return { now: new Date(this.now()).toISOString(), offsetMs: this.offsetMs };
    }

    /** From now on the clock reads `at`, then runs on. */
    async set(at: number): Promise<void> {
        await this.shift(at - Date.now());
    }

    /** Back to real time. */
    async reset(): Promise<void> {
        await this.shift(0);
    }

    /** Calls `listener` after each change (it must not throw); returns the unsubscribe function. */
    onChange(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private async shift(offsetMs: number): Promise<void> {
        await this.kv.commit([{ table: TABLE, key: OFFSET, value: offsetMs === 0 ? undefined : offsetMs }]);
        this.offsetMs = offsetMs;
        for (const listener of this.listeners) listener();
    }
}
