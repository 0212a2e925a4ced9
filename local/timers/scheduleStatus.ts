// The timer schedule monitor Azure keeps in storage: per timer, {last, next, lastUpdated}, so an
// occurrence missed while the host was down runs once at startup with isPastDue = true.
// Follows ScheduleMonitor.CheckPastDueAsync and TimerListener.InvokeJobFunction from
// azure-webjobs-sdk-extensions. The decisions are pure functions of (schedule, status, now);
// TimerStatusStore only adds persistence.
import type { Timer } from '@azure/functions';
import type { Kv } from '../../shared/adapters/embedded/embeddedKv';
import type { TimerSchedule } from './ncrontab';

/** The same shape (ISO strings) the trigger hands a function as `timer.scheduleStatus`. */
export type ScheduleStatus = Timer['scheduleStatus'];

/** Azure's "never" (DateTime.MinValue), e.g. `last` before the first run. */
export const NEVER = '0001-01-01T00:00:00.000Z';

export type InvocationReason = 'schedule' | 'pastDue' | 'runOnStartup';

export interface StartupCheck {
    /** The status to start with; persist it when `changed`. */
    status: ScheduleStatus;
    changed: boolean;
    /** An occurrence was missed: run once now, with isPastDue = true. */
    isPastDue: boolean;
}

/** Decides at host start whether the timer missed an occurrence while the host was down. */
export function checkOnStartup(schedule: TimerSchedule, stored: ScheduleStatus | undefined, now: Date): StartupCheck {
    if (!stored) {
        // a new timer: record its first occurrence so a crash before it cannot lose it
        return { status: { last: NEVER, next: iso(schedule.next(now)), lastUpdated: iso(now) }, changed: true, isPastDue: false };
    }
    // 'next' was computed from 'last' (or, before the first run, from 'lastUpdated'); computing
    // it again tells whether the schedule was edited since
    const basis = stored.last !== NEVER ? stored.last : stored.lastUpdated !== NEVER ? stored.lastUpdated : undefined;
    let expected = schedule.next(basis === undefined ? now : new Date(basis));
    let status = stored;
    const changed = expected.getTime() !== Date.parse(stored.next);
    if (changed) {
        // an edited schedule whose next occurrence already passed is not past due: restart it from now
        const restart = now.getTime() > expected.getTime();
        if (restart) expected = schedule.next(now);
        status = { last: NEVER, next: iso(expected), lastUpdated: restart || basis === undefined ? iso(now) : basis };
    }
    return { status, changed, isPastDue: now.getTime() > Date.parse(status.next) };
}

/**
 * Decides, at a start or when the local host's clock is set, what the timer
 * does: on a clock before its last run (or its registration), its schedule
 * starts again from now, as if it were new; otherwise it is checkOnStartup,
 * so a clock set forward past an occurrence runs it once, past due.
 */
export function checkOnClockChange(schedule: TimerSchedule, stored: ScheduleStatus | undefined, now: Date): StartupCheck {
    const basis = stored && (stored.last !== NEVER ? stored.last : stored.lastUpdated);
    if (basis !== undefined && basis !== NEVER && Date.parse(basis) > now.getTime()) {
        return { status: { last: NEVER, next: iso(schedule.next(now)), lastUpdated: iso(now) }, changed: true, isPastDue: false };
    }
    return checkOnStartup(schedule, stored, now);
}

/** The status after an invocation that started at `invokedAt`. */
export function statusAfterRun(
    schedule: TimerSchedule,
    previous: ScheduleStatus | undefined,
    invokedAt: Date,
    reason: InvocationReason,
): ScheduleStatus {
    // A scheduled run that fires slightly early (timer skew) counts as run at its due time;
    // otherwise 'next' could name the same occurrence again and a restart would repeat it.
    const due = previous ? Date.parse(previous.next) : NaN;
    const at = reason === 'schedule' && due > invokedAt.getTime() ? new Date(due) : invokedAt;
    return { last: iso(at), next: iso(schedule.next(at)), lastUpdated: iso(at) };
}

/** Schedule statuses persisted per timer (function name) in the KV. */
export class TimerStatusStore {
    constructor(
        private readonly kv: Kv,
        private readonly table = 'timer-status',
    ) {}

    get(timer: string): ScheduleStatus | undefined {
        return this.kv.get<ScheduleStatus>(this.table, timer);
    }

    /** checkOnClockChange against the stored status (at a start, and whenever the clock is set), persisting the result when it changed. */
    async check(timer: string, schedule: TimerSchedule, now: Date): Promise<StartupCheck> {
        const check = checkOnClockChange(schedule, this.get(timer), now);
        if (check.changed) await this.put(timer, check.status);
        return check;
    }

    /** Records a finished invocation; resolves with the new status once durable. */
    async recordRun(timer: string, schedule: TimerSchedule, invokedAt: Date, reason: InvocationReason): Promise<ScheduleStatus> {
        const status = statusAfterRun(schedule, this.get(timer), invokedAt, reason);
        await this.put(timer, status);
        return status;
    }

    private async put(timer: string, status: ScheduleStatus): Promise<void> {
        await this.kv.commit([{ table: this.table, key: timer, value: status }]);
    }
}

function iso(date: Date): string {
    return date.toISOString();
}
