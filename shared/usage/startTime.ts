// Start Time: an ISO 8601 instant, which must carry its zone (Z or ±hh:mm).
// A local time cannot be placed in a UTC month or day, so it is refused
// rather than guessed.

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch milliseconds, or why the text is not an instant. */
export function parseStartTime(value: string): { ms: number } | { reason: string } {
    const m = INSTANT.exec(value.trim());
    if (!m) return { reason: 'Start Time is not an ISO 8601 date and time' };
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    if (h === undefined || zone === undefined) return { reason: 'Start Time has no time zone' };
    const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number);
    const ms = Number(((frac ?? '') + '000').slice(0, 3));
    const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const check = new Date(local);
    // Date.UTC rolls 31 September over into October: such a date does not exist
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
        return { reason: 'Start Time is not a valid date and time' };
    }
    return { ms: local - offsetMinutes(zone) * 60_000 };
}

function offsetMinutes(zone: string): number {
    if (zone === 'Z' || zone === 'z') return 0;
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    return zone[0] === '-' ? -minutes : minutes;
}

/** `YYYY-MM-DD` (UTC) of an instant. */
export function utcDay(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
}
