// Runs timerTrigger functions on their NCRONTAB / TimeSpan schedules with the
// status Azure keeps (last/next/lastUpdated), so a restart knows what it missed.
// One invocation of a timer at a time, as the Functions singleton lock ensures.
import { Kv } from '../../shared/embedded/kv';
import { FunctionHost } from '../worker/functionHost';
import { RegisteredFunction } from '../worker/types';
import { parseSchedule, TimerSchedule } from './ncrontab';
import { timerDelay } from './timerDelay';
import { InvocationReason, ScheduleStatus, TimerStatusStore } from './scheduleStatus';

interface Timer {
    fn: RegisteredFunction;
    schedule: TimerSchedule;
    handle?: NodeJS.Timeout;
    running?: Promise<void>;
}

export class TimerRunner {
    private readonly status: TimerStatusStore;
    private readonly timers: Timer[];
    private stopped = false;

    constructor(kv: Kv, private readonly functions: FunctionHost, private readonly log: (line: Record<string, unknown>) => void) {
        this.status = new TimerStatusStore(kv);
        this.timers = functions.byTrigger('timerTrigger').map((fn) => ({ fn, schedule: parseSchedule(resolveSetting(String(fn.trigger.schedule))) }));
    }

    async start(): Promise<void> {
        for (const t of this.timers) {
            const check = await this.status.startup(t.fn.metadata.name, t.schedule, new Date());
            if (check.isPastDue) this.run(t, 'pastDue', check.status);
            else if (t.fn.trigger.runOnStartup === true) this.run(t, 'runOnStartup', check.status);
            else this.arm(t, check.status);
        }
    }

    stop(): void {
        this.stopped = true;
        for (const t of this.timers) clearTimeout(t.handle);
    }

    private arm(t: Timer, status: ScheduleStatus): void {
        if (this.stopped) return;
        clearTimeout(t.handle);
        const wait = timerDelay(Date.parse(status.next) - Date.now());
        t.handle = setTimeout(() => {
            // a long wait is re-armed in steps (setTimeout's limit); only run once due
            if (Date.now() + 5 >= Date.parse(status.next)) this.run(t, 'schedule', status);
            else this.arm(t, status);
        }, wait);
        t.handle.unref?.();
    }

    private run(t: Timer, reason: InvocationReason, status: ScheduleStatus): void {
        const invokedAt = new Date();
        const trigger = { Schedule: { AdjustForDST: true }, ScheduleStatus: { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated }, IsPastDue: reason === 'pastDue' };
        t.running = this.functions.invoke(t.fn, { json: JSON.stringify(trigger) })
            .catch(() => undefined) // the failure is in the invocation log; the schedule goes on, as in Azure
            .then(() => this.status.recordRun(t.fn.metadata.name, t.schedule, invokedAt, reason))
            .then((next) => this.arm(t, next))
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
