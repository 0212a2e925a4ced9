// One UTC month of a tenant's PSTN call log with Microsoft's charges: the
// calls its usage description draws and the ones given one by one, in start
// order (ties by id), each charged what its pool (rules/minutePools.ts) does
// not cover. A call's charge depends only on the calls before it, so the
// month is worked out whole, once, and kept per customer object: a range or
// a page reads it without drawing or charging again (a changed customer is
// a new object and starts afresh).
import { MinutePools } from '../rules/minutePools';
import { chargeOf } from '../rules/pstnCharge';
import type { Customer, PstnUsage } from '../world';
import { DAY_MS, drawnCallsOfDay } from './drawnCalls';
import { explicitCalls } from './explicitCalls';
import type { LogEntry } from './pstnRow';
import { includedMinutes } from './tenantPools';

const months = new WeakMap<Customer, Map<string, LogEntry[]>>();
/** Months kept per customer: a 90-day range touches four; past that the memory starts over. */
const MAX_KEPT_MONTHS = 6;

/**
 * The month starting at `monthStart` (00:00 UTC on its 1st), charged, in start order. `now` places a
 * description counted back from the clock (`monthsBack`): the month is kept per first day it was drawn from.
 */
export function monthLog(c: Customer, monthStart: number, now: number): LogEntry[] {
    let known = months.get(c);
    if (!known) months.set(c, (known = new Map()));
    const first = c.usage ? firstDay(c.usage, now) : 0;
    const key = `${monthStart}:${first}`;
    let log = known.get(key);
    if (!log) {
        if (known.size >= MAX_KEPT_MONTHS) known.clear();
        known.set(key, (log = chargedMonth(c, monthStart, first)));
    }
    return log;
}

/** The description's first day: `from`, or the 1st of the month `monthsBack` whole months before now. */
export function firstDay(usage: PstnUsage, now: number): number {
    if (usage.from !== undefined) return Date.parse(`${usage.from}T00:00:00Z`);
    const d = new Date(now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (usage.monthsBack ?? 0), 1);
}

/** 00:00 UTC on the 1st of the month `ms` falls in, and of the next. */
export function monthOf(ms: number): { start: number; end: number } {
    const d = new Date(ms);
    return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

function chargedMonth(c: Customer, monthStart: number, first: number): LogEntry[] {
    const { end } = monthOf(monthStart);
    const inMonth = (e: LogEntry) => e.start >= monthStart && e.start < end;
    const entries = [...drawnIn(c, Math.max(monthStart, first), end), ...explicitCalls(c).filter((e): e is LogEntry => !('unrated' in e) && inMonth(e))];
    entries.sort((a, b) => a.start - b.start || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
    const pools = new MinutePools(includedMinutes(c, end));
    return entries.map((e) => withPool(e, pools.draw(e.pooling.pool, e.pooling.minutes)));
}

/** The entry charged for what its pool did not cover (a row that gave its charge keeps it). */
function withPool(e: LogEntry, covered: number): LogEntry {
    if (covered === 0 || e.pooling.given) return e;
    const rest = chargeOf(e.pooling.call, covered);
    // a call the table could not price is never drawn, nor given without a charge
    if ('unrated' in rest) return e;
    return { ...e, row: { ...e.row, charge: rest.charge, connectionCharge: rest.connectionCharge } };
}

function drawnIn(c: Customer, from: number, to: number): LogEntry[] {
    const usage = c.usage;
    if (!usage) return [];
    const last = Math.min(to - DAY_MS, usage.until === undefined ? Infinity : Date.parse(`${usage.until}T00:00:00Z`));
    const out: LogEntry[] = [];
    for (let day = from; day <= last; day += DAY_MS) out.push(...drawnCallsOfDay(c, usage, day));
    return out;
}
