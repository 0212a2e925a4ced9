// A tenant's PSTN call log as Graph's getPstnCalls reads it: the calls that
// started within the range (both ends inclusive, as Microsoft documents
// `toDateTime`) and have ended by now (a call is logged once it is over), in
// start-time order (ties by id), each with Microsoft's charge after the
// month's pools (usage/monthLog.ts, which keeps each month it works out, so
// paging through a range charges each month once).
import type { Customer } from '../world';
import { monthLog, monthOf } from './monthLog';
import type { LogEntry, PstnCallLogRow } from './pstnRow';

export function pstnCallsBetween(c: Customer, from: number, to: number, now: number): PstnCallLogRow[] {
    const last = Math.min(to, now);
    const within = (e: LogEntry) => e.start >= from && e.start <= to && e.end <= now;
    const rows: PstnCallLogRow[] = [];
    for (let month = monthOf(from).start; month <= last; month = monthOf(month).end) {
        for (const e of monthLog(c, month, now)) if (within(e)) rows.push(e.row);
    }
    return rows;
}
