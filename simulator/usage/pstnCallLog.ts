// A tenant's PSTN call log as Graph's getPstnCalls reads it: the calls its
// usage description stands for and the ones given one by one, those that
// started within the range (both ends inclusive, as Microsoft documents
// `toDateTime`) and have ended by now (a call is logged once it is over), in
// start-time order (ties by id). Drawn days are kept per customer object, so
// paging through a range draws each day once; a changed customer is a new
// object and draws afresh.
import type { Customer, PstnUsage } from '../world';
import { DAY_MS, drawnCallsOfDay } from './drawnCalls';
import { explicitCalls } from './explicitCalls';
import type { LogEntry, PstnCallLogRow } from './pstnRow';

const days = new WeakMap<Customer, Map<number, LogEntry[]>>();
/** Days kept per customer: a 90-day range and some; past that the memory starts over. */
const MAX_KEPT_DAYS = 120;

export function pstnCallsBetween(c: Customer, from: number, to: number, now: number): PstnCallLogRow[] {
    const within = (e: LogEntry) => e.start >= from && e.start <= to && e.end <= now;
    const entries = [...drawnBetween(c, from, Math.min(to, now), now).filter(within), ...explicitCalls(c).filter((e): e is LogEntry => !('unrated' in e)).filter(within)];
    entries.sort((a, b) => a.start - b.start || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
    return entries.map((e) => e.row);
}

function drawnBetween(c: Customer, from: number, to: number, now: number): LogEntry[] {
    const usage = c.usage;
    if (!usage || to < from) return [];
    const first = Math.max(dayOf(from), firstDay(usage, now));
    const last = Math.min(dayOf(to), usage.until === undefined ? Infinity : Date.parse(`${usage.until}T00:00:00Z`));
    let known = days.get(c);
    if (!known) days.set(c, (known = new Map()));
    const out: LogEntry[] = [];
    for (let day = first; day <= last; day += DAY_MS) {
        let calls = known.get(day);
        if (!calls) {
            if (known.size >= MAX_KEPT_DAYS) known.clear();
            known.set(day, (calls = drawnCallsOfDay(c, usage, day)));
        }
        out.push(...calls);
    }
    return out;
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The description's first day: `from`, or the 1st of the month `monthsBack` whole months before now. */
export function firstDay(usage: PstnUsage, now: number): number {
    if (usage.from !== undefined) return Date.parse(`${usage.from}T00:00:00Z`);
    const d = new Date(now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (usage.monthsBack ?? 0), 1);
}
