// Which calls a pull asks Microsoft for: from the customer's cursor up to the
// end of the last complete UTC day (yesterday 24:00 on the app's clock),
// since today's calls are still coming in. A customer pulled for the first
// time starts at the first day of the previous month: the month the next
// accrual rates is then complete, and nothing older is read unasked (an
// AdminAgent's pull may name an earlier `from`). Microsoft logs some calls
// a day or two after they end, so a pull that has a new day to read starts
// that much before the cursor: the calls read twice are duplicates, the late
// ones are caught.
const DAY_MS = 86_400_000;

/** How far before the cursor a pull reads again for calls Microsoft logged late. */
export const LATE_DAYS = 2;

/** Where a pull from the cursor starts: LATE_DAYS before it when a new day is over, else the cursor (nothing to ask). */
export function resumeFrom(cursor: number, now: number): number {
    return cursor < lastCompleteDayEnd(now) ? cursor - LATE_DAYS * DAY_MS : cursor;
}

/** Yesterday 24:00 UTC: the end of the last day that is over. */
export function lastCompleteDayEnd(now: number): number {
    return Math.floor(now / DAY_MS) * DAY_MS;
}

/** 00:00 UTC on the first day of the month before `now`'s. */
export function firstPullStart(now: number): number {
    const d = new Date(now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
}

/** `YYYY-MM-DD` as 00:00 UTC that day, or undefined when it is no such day. */
export function dayStart(day: string): number | undefined {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
    const ms = Date.parse(`${day}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? undefined : ms;
}
