// Start Time: an ISO 8601 instant, which must carry its zone (Z or ±hh:mm).
// A local time cannot be placed in a UTC month or day, so it is refused
// rather than guessed.

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch milliseconds, or why the text is not an instant. */
export function parseStartTime(value: string): { ms: number } | { reason: string } {
    const ms = canonicalInstant(value);
    return ms === undefined ? parseAnyInstant(value) : { ms };
}

const digit = (text: string, i: number): number => text.charCodeAt(i) - 48;
const twoDigits = (text: string, i: number): number => {
    const a = digit(text, i);
    const b = digit(text, i + 1);
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant of `2026-10-05T09:00:00Z`, `2026-10-05T09:00:00.1234567+02:00`
 * (the form every report row has), read without a regular expression: the
 * usage import reads millions. undefined for any other text, valid or not:
 * parseAnyInstant then reads it (the same answer for these forms).
 */
function canonicalInstant(v: string): number | undefined {
    const n = v.length;
    if (n < 20 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
    const year = twoDigits(v, 0) * 100 + twoDigits(v, 2);
    const month = twoDigits(v, 5);
    const day = twoDigits(v, 8);
    const hour = twoDigits(v, 11);
    const minute = twoDigits(v, 14);
    const second = twoDigits(v, 17);
    // NaN fails every comparison; years before 100 are left to Date.UTC's reading of them
    if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59)) return undefined;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 && leap ? 29 : DAYS[month - 1])) return undefined;
    let i = 19;
    let ms = 0;
    if (v.charCodeAt(i) === 46) {
        // a fraction: its first three digits are the milliseconds
        let scale = 100;
        for (i++; i < n; i++, scale /= 10) {
            const d = digit(v, i);
            if (!(d >= 0 && d <= 9)) break;
            if (scale >= 1) ms += d * scale;
        }
        if (i === 20) return undefined;
    }
    const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (i === n - 1 && v.charCodeAt(i) === 90) return local;
    const sign = v.charCodeAt(i);
    if (i !== n - 6 || (sign !== 43 && sign !== 45) || v.charCodeAt(i + 3) !== 58) return undefined;
    const offset = twoDigits(v, i + 1) * 60 + twoDigits(v, i + 4);
    if (!(offset >= 0)) return undefined;
    return local - (sign === 45 ? -offset : offset) * 60_000;
}

/** Any instant the INSTANT pattern reads, trimmed. */
function parseAnyInstant(value: string): { ms: number } | { reason: string } {
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
