// Runs timerTrigger functions on their NCRONTAB / TimeSpan schedules with the
// status Azure keeps (last/next/lastUpdated), so a restart knows what it missed.
// One invocation of a timer at a time, as the Functions singleton lock ensures.
// Schedules run on the host's clock; when it is set, each timer looks again.
import type { Clock } from '../../shared/core/clock';
import { Kv } from '../../shared/adapters/embedded/embeddedKv';
import { FunctionHost } from '../worker/functionHost';
import { RegisteredFunction } from '../worker/types';
import { parseSchedule, TimerSchedule } from './ncrontab';
import { timerDelay } from './timerDelay';
import { InvocationReason, ScheduleStatus, StartupCheck, TimerStatusStore } from './scheduleStatus';

interface Timer {
    fn: RegisteredFunction;
    schedule: TimerSchedule;
    handle?: NodeJS.Timeout;
    running?: Promise<void>;
    /** The clock was set while it ran: look again once it is done. */
    recheck?: boolean;
    /** Counts clock changes, so only the latest one's check arms the timer. */
    changes: number;
}

export class TimerRunner {
    private readonly status: TimerStatusStore;
    private readonly timers: Timer[];
    private stopped = false;

    constructor(kv: Kv, private readonly functions: FunctionHost, private readonly log: (line: Record<string, unknown>) => void, private readonly clock: Clock) {
        this.status = new TimerStatusStore(kv);
        this.timers = functions.byTrigger('timerTrigger').map((fn) => ({ fn, schedule: parseSchedule(resolveSetting(String(fn.trigger.schedule))), changes: 0 }));
    }

    async start(): Promise<void> {
        for (const t of this.timers) {
            const check = await this.status.check(t.fn.metadata.name, t.schedule, this.date());
            if (t.fn.trigger.runOnStartup === true && !check.isPastDue) this.run(t, 'runOnStartup', check.status);
            else this.resume(t, check);
        }
    }

    /**
     * The host's clock was set. Forward past an occurrence: it runs once, past
     * due, as after a host that was down. Back before the last run: the
     * schedule starts again from the new time. A running timer looks once it is done.
     */
    clockChanged(): void {
        if (this.stopped) return;
        for (const t of this.timers) {
            if (t.running) t.recheck = true;
            else this.recheck(t);
        }
    }

    stop(): void {
        this.stopped = true;
        for (const t of this.timers) clearTimeout(t.handle);
    }

    private recheck(t: Timer): void {
        clearTimeout(t.handle);
        const change = ++t.changes;
        this.status.check(t.fn.metadata.name, t.schedule, this.date())
            .then((check) => { if (change === t.changes) this.resume(t, check); })
            .catch((err: Error) => this.log({ level: 'error', function: t.fn.metadata.name, message: `timer status not saved: ${err.message}` }));
    }

    private resume(t: Timer, check: StartupCheck): void {
        if (check.isPastDue) this.run(t, 'pastDue', check.status);
        else this.arm(t, check.status);
    }

    private date(): Date {
        return new Date(this.clock.now());
    }

    private arm(t: Timer, status: ScheduleStatus): void {
        if (this.stopped) return;
        clearTimeout(t.handle);
        const wait = timerDelay(Date.parse(status.next) - this.clock.now());
        t.handle = setTimeout(() => {
            // a long wait is re-armed in steps (setTimeout's limit); only run once due
            if (this.clock.now() + 5 >= Date.parse(status.next)) this.run(t, 'schedule', status);
            else this.arm(t, status);
        }, wait);
        t.handle.unref?.();
    }

    private run(t: Timer, reason: InvocationReason, status: ScheduleStatus): void {
        if (this.stopped) return;
        const invokedAt = this.date();
        const trigger = { Schedule: { AdjustForDST: true }, ScheduleStatus: { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated }, IsPastDue: reason === 'pastDue' };
        t.running = this.functions.invoke(t.fn, { json: JSON.stringify(trigger) })
            .catch(() => undefined) // the failure is in the invocation log; the schedule goes on, as in Azure
            .then(() => this.status.recordRun(t.fn.metadata.name, t.schedule, invokedAt, reason))
            .then((next) => {
                t.running = undefined;
                if (t.recheck) {
                    t.recheck = false;
                    this.recheck(t);
                } else {
                    this.arm(t, next);
                }
            })
            .catch((err: Error) => this.log({ level: 'error', function: t.fn.metadata.name, message: `timer status not saved: ${err.message}` }));
    }
}

/** `%Name%` schedules come from app settings, as in Azure. */
function resolveSetting(schedule: string): string {
    const m = /^%(.+)%$/.exec(schedule);
    if (!m) return schedule;
    const value = process.env[m[1]];
    if (!value) throw new Error(`Timer schedule refers to app setting '${m[1]}', which is not set.`);
    return value;
}
