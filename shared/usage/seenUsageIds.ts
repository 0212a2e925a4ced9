// The UsageIds an import has met, day by day, for recognising repeats. Only
// the days used last stay in memory (bounded by the number of ids held):
// exports come in time order, so a day is rarely needed again once passed,
// and when it is, the importer loads it again from the store.

export class SeenUsageIds {
    private readonly days = new Map<string, Set<string>>();
    private size = 0;
    private latest: string | undefined;

    constructor(private readonly maxIds: number) {}

    /** The ids of `day`, if held. */
    get(day: string): Set<string> | undefined {
        const ids = this.days.get(day);
        if (ids && this.latest !== day) {
            // Map order is the recency order
            this.days.delete(day);
            this.days.set(day, ids);
            this.latest = day;
        }
        return ids;
    }

    put(day: string, ids: Set<string>): void {
        const old = this.days.get(day);
        if (old) this.size -= old.size;
        this.days.delete(day);
        this.days.set(day, ids);
        this.latest = day;
        this.size += ids.size;
        this.evict();
    }

    /** Call after adding an id to a set held here. */
    grew(): void {
        if (++this.size > this.maxIds) this.evict();
    }

    /** Drops the least recently used days until within bounds; the latest day always stays. */
    private evict(): void {
        for (const [day, ids] of this.days) {
            if (this.size <= this.maxIds || day === this.latest) break;
            this.days.delete(day);
            this.size -= ids.size;
        }
    }
}
