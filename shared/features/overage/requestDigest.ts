// What tells two requests apart, whatever the order of their fields: the
// fingerprint equal requests share (a repeat joins the run or job it asked
// for before) and the hashed form of an idempotency key.
import { createHash } from 'node:crypto';

export function digest(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys and no undefined values, so equal requests digest equally. */
export function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
    }
    return value;
}
