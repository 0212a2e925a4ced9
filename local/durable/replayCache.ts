// The played part of each live instance's history, kept as the JSON text the
// SDK receives plus the steps the determinism check compares, so an episode
// encodes only its new events instead of re-reading the history. Bounded,
// least recently used out first; a miss is rebuilt once from the stored rows.
import { scheduledByOrchestrator } from './actions';
import type { HistoryEvent } from './history';

/** A scheduling event as the determinism check sees it. */
export type RecordedStep = Pick<HistoryEvent, 'EventType' | 'EventId' | 'Name'>;

export interface PlayedHistory {
    executionId: string;
    /** How many events `json` holds. */
    length: number;
    /** The events as comma-joined JSON array items, each marked played. */
    json: string;
    /** Scheduling events the orchestrator asked for, in order (not the host's retry bookkeeping). */
    steps: RecordedStep[];
}

/** What a recorded step costs in memory, in characters of JSON (roughly). */
const STEP_CHARS = 48;

const weight = (h: PlayedHistory) => h.json.length + h.steps.length * STEP_CHARS;

function extend(h: PlayedHistory, events: readonly HistoryEvent[]): void {
    if (events.length === 0) return;
    const more = events.map((e) => JSON.stringify(e.IsPlayed ? e : { ...e, IsPlayed: true })).join(',');
    h.json = h.json ? `${h.json},${more}` : more;
    h.length += events.length;
    for (const e of scheduledByOrchestrator(events)) h.steps.push({ EventType: e.EventType, EventId: e.EventId, Name: e.Name });
}

export class ReplayCache {
    private readonly byInstance = new Map<string, PlayedHistory>();
    private chars = 0;

    /** `maxChars`: the bound on all cached JSON (one history larger than it is still kept while in use). */
    constructor(private readonly maxChars: number) {}

    get size(): number {
        return this.byInstance.size;
    }

    /** The instance's played history, if the cache holds its current one. */
    get(instanceId: string, executionId: string, length: number): PlayedHistory | undefined {
        const h = this.byInstance.get(instanceId);
        if (!h) return undefined;
        if (h.executionId !== executionId || h.length !== length) return void this.drop(instanceId);
        this.byInstance.delete(instanceId); // re-inserted: most recently used last
        this.byInstance.set(instanceId, h);
        return h;
    }

    /** Caches a history read from the store. */
    put(instanceId: string, executionId: string, events: readonly HistoryEvent[]): PlayedHistory {
        this.drop(instanceId);
        const h: PlayedHistory = { executionId, length: 0, json: '', steps: [] };
        extend(h, events);
        this.byInstance.set(instanceId, h);
        this.chars += weight(h);
        this.evict(instanceId);
        return h;
    }

    /** Appends an episode's events to the history they follow; a cache holding something else forgets it. */
    append(instanceId: string, executionId: string, from: number, events: readonly HistoryEvent[]): void {
        const h = this.byInstance.get(instanceId);
        if (!h) return;
        if (h.executionId !== executionId || h.length !== from) return this.drop(instanceId);
        this.chars -= weight(h);
        extend(h, events);
        this.chars += weight(h);
        this.evict(instanceId);
    }

    drop(instanceId: string): void {
        const h = this.byInstance.get(instanceId);
        if (!h) return;
        this.chars -= weight(h);
        this.byInstance.delete(instanceId);
    }

    private evict(keep: string): void {
        for (const id of this.byInstance.keys()) {
            if (this.chars <= this.maxChars) return;
            if (id !== keep) this.drop(id);
        }
    }
}
