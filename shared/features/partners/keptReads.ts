// A read kept for a while per key, in this process: for facts about a partner
// that do not change from one request to the next (its name, its account),
// so an answer served from the read model costs no call to Partner Center.
// A failed read is not kept; the map is bounded by the partners a deployment
// serves (and `max`, in case).
export class KeptReads<T> {
    private readonly kept = new Map<string, { value: Promise<T>; until: number }>();

    constructor(private readonly ttlMs: number, private readonly max = 1_000) {}

    /** `maxAgeMs`: read again when what is kept is older than this, though still within its time (a miss worth checking, not on every call). */
    get(key: string, now: number, read: () => Promise<T>, maxAgeMs = this.ttlMs): Promise<T> {
        const hit = this.kept.get(key);
        if (hit && hit.until > now && now - (hit.until - this.ttlMs) < maxAgeMs) return hit.value;
        const value = read();
        const entry = { value, until: now + this.ttlMs };
        this.kept.delete(key);
        this.kept.set(key, entry);
        if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
        value.catch(() => { if (this.kept.get(key) === entry) this.kept.delete(key); });
        return value;
    }
}
