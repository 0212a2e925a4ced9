// The simulator's seeded randomness: the same seed gives the same numbers on
// every machine, so a generated world (world/generate.ts) and the PSTN calls a
// world's usage description stands for (usage/) are the same every time. No
// Math.random, no clock.

/** sfc32 seeded through splitmix32: 128 bits of state, fast, the same on every machine. */
export function seededRandom(seed: number): { uint32(): number; next(): number } {
    let s = seed >>> 0;
    const splitmix = () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
    };
    let a = splitmix();
    let b = splitmix();
    let c = splitmix();
    let d = splitmix();
    const uint32 = () => {
        const t = (((a + b) >>> 0) + d) >>> 0;
        d = (d + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = ((c << 21) | (c >>> 11)) >>> 0;
        c = (c + t) >>> 0;
        return t;
    };
    for (let i = 0; i < 12; i++) uint32();
    return { uint32, next: () => uint32() / 4294967296 };
}

export type Random = ReturnType<typeof seededRandom>;

/** A 32-bit seed from text (FNV-1a), e.g. a tenant id and a day: one stream of numbers per key. */
export function seedOf(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex16 = (n: number) => HEX[(n >>> 8) & 255] + HEX[n & 255];

/** A version 4 GUID drawn from `r` (version nibble 4, variant bits 10). */
export function randomGuid(r: Random): string {
    const a = r.uint32();
    const b = r.uint32();
    const c = r.uint32();
    const d = r.uint32();
    return `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16(0x4000 | (b & 0x0fff))}-${hex16(0x8000 | (c & 0x3fff))}-${hex16(c >>> 16)}${hex16(d >>> 16)}${hex16(d)}`;
}
