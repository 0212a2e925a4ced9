// The UsageIds an import has met, as 64-bit hashes of (day, UsageId) in an
// open-addressing table: 16 to 32 bytes a call (8 a slot, tables between a
// quarter and half full), whatever the ids' length,
// and no day ever read twice. A hash met before only says "maybe a repeat":
// two different ids can share a hash, so stagedImport.ts settles every such
// row exactly before the import commits. A repeat is always met (same id,
// same hash); two different ids are never merged.

/** One hash, as two 32-bit halves (no BigInt on the hot path). */
export interface Hash64 {
    hi: number;
    lo: number;
}

/**
 * 64 bits of (day, id): two independently mixed 32-bit lanes over the
 * characters (the cyrb53 construction, both lanes kept whole). Not
 * cryptographic: a crafted collision only costs an exact check.
 */
export function hashUsageId(day: string, usageId: string, out: Hash64): Hash64 {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < day.length; i++) {
        const c = day.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // days have one length, so no (day, id) pair reads as another; the stir keeps the day's bits apart from the id's
    h1 = Math.imul(h1 ^ (h1 >>> 15), 2246822507);
    h2 = Math.imul(h2 ^ (h2 >>> 15), 3266489909);
    for (let i = 0; i < usageId.length; i++) {
        const c = usageId.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out.hi = h1 >>> 0;
    out.lo = h2 >>> 0;
    return out;
}

/** Tables the hashes are spread over (by their top bits): each grows on its own, so no growth holds the event loop for long. */
const SHARD_BITS = 6;
/** Small to start with: a one-row queue message needs 64 × 16 slots, 8 KiB; tables double as they fill. */
const INITIAL_SLOTS = 1 << 4;

/** One open-addressing table; (0, 0) marks a free slot, so a hash of (0, 0) is stored as (0, 1). */
class Shard {
    hi = new Uint32Array(INITIAL_SLOTS);
    lo = new Uint32Array(INITIAL_SLOTS);
    mask = INITIAL_SLOTS - 1;
    size = 0;

    add(hi: number, lo: number): boolean {
        let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
        for (;;) {
            const slotHi = this.hi[i];
            const slotLo = this.lo[i];
            if (slotHi === 0 && slotLo === 0) break;
            if (slotHi === hi && slotLo === lo) return false;
            i = (i + 1) & this.mask;
        }
        this.hi[i] = hi;
        this.lo[i] = lo;
        // at most half full: probes stay short
        if (++this.size * 2 > this.mask + 1) this.grow();
        return true;
    }

    private grow(): void {
        const [oldHi, oldLo] = [this.hi, this.lo];
        const slots = oldHi.length * 2;
        this.hi = new Uint32Array(slots);
        this.lo = new Uint32Array(slots);
        this.mask = slots - 1;
        for (let j = 0; j < oldHi.length; j++) {
            const hi = oldHi[j];
            const lo = oldLo[j];
            if (hi === 0 && lo === 0) continue;
            let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
            while (this.hi[i] !== 0 || this.lo[i] !== 0) i = (i + 1) & this.mask;
            this.hi[i] = hi;
            this.lo[i] = lo;
        }
    }
}

/** A set of 64-bit hashes. */
export class UsageIdIndex {
    private readonly shards = Array.from({ length: 1 << SHARD_BITS }, () => new Shard());

    /** Adds the hash; false when it was there already (a possible repeat). */
    add(h: Hash64): boolean {
        const lo = h.hi === 0 && h.lo === 0 ? 1 : h.lo;
        return this.shards[h.hi >>> (32 - SHARD_BITS)].add(h.hi, lo);
    }
}
