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
    // Date.UTC rolls 31 September over into October (and reads years 0-99 as 19xx): such a date does not exist
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || check.getUTCFullYear() !== year || hour > 23 || minute > 59 || second > 59) {
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

const DAY_MS = 86_400_000;
let lastDay: [number, string] = [NaN, ''];

/** `YYYY-MM-DD` (UTC) of an instant; calls come in time order, so the last answer is usually the next. */
export function utcDay(ms: number): string {
    const n = Math.floor(ms / DAY_MS);
    if (n !== lastDay[0]) lastDay = [n, new Date(n * DAY_MS).toISOString().slice(0, 10)];
    return lastDay[1];
}
