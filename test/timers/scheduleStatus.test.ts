import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { parseSchedule } from '../../local/timers/ncrontab';
import { checkOnClockChange, checkOnStartup, NEVER, ScheduleStatus, statusAfterRun, TimerStatusStore } from '../../local/timers/scheduleStatus';

const at = (hhmmss: string) => new Date(`2024-03-10T${hhmmss}Z`);
const iso = (hhmmss: string) => at(hhmmss).toISOString();
const everyFiveMinutes = parseSchedule('0 */5 * * * *');

describe('schedule status decisions', () => {
    it('a new timer records its first occurrence and is not past due', () => {
        expect(checkOnStartup(everyFiveMinutes, undefined, at('10:02:00'))).toEqual({
            status: { last: NEVER, next: iso('10:05:00'), lastUpdated: iso('10:02:00') },
            changed: true,
            isPastDue: false,
        });
    });

    it('after a run, next is the following occurrence', () => {
        const previous = { last: NEVER, next: iso('10:05:00'), lastUpdated: iso('10:02:00') };
        expect(statusAfterRun(everyFiveMinutes, previous, at('10:05:00.020'), 'schedule')).toEqual({
            last: iso('10:05:00.020'),
            next: iso('10:10:00'),
            lastUpdated: iso('10:05:00.020'),
        });
    });

    it('a scheduled run that fires early counts as run at its due time, so it cannot be repeated', () => {
        const previous = { last: NEVER, next: iso('10:05:00'), lastUpdated: iso('10:02:00') };
        const status = statusAfterRun(everyFiveMinutes, previous, at('10:04:59.900'), 'schedule');
        expect(status).toEqual({ last: iso('10:05:00'), next: iso('10:10:00'), lastUpdated: iso('10:05:00') });
        // a past-due run is not adjusted: it happens now, whatever was due
        expect(statusAfterRun(everyFiveMinutes, previous, at('10:04:59.900'), 'pastDue').next).toBe(iso('10:05:00'));
    });

    it('is past due only when the host was down across the recorded next occurrence', () => {
        const stored: ScheduleStatus = { last: iso('10:05:00'), next: iso('10:10:00'), lastUpdated: iso('10:05:00') };
        expect(checkOnStartup(everyFiveMinutes, stored, at('10:08:00'))).toEqual({ status: stored, changed: false, isPastDue: false });
        expect(checkOnStartup(everyFiveMinutes, stored, at('10:10:00'))).toMatchObject({ isPastDue: false });
        expect(checkOnStartup(everyFiveMinutes, stored, at('10:17:00'))).toEqual({ status: stored, changed: false, isPastDue: true });
    });

    it('a timer that never ran is past due when its first occurrence was missed', () => {
        const stored = { last: NEVER, next: iso('10:05:00'), lastUpdated: iso('10:02:00') };
        expect(checkOnStartup(everyFiveMinutes, stored, at('10:30:00'))).toEqual({ status: stored, changed: false, isPastDue: true });
    });

    it('a schedule edited while the host was down takes effect without a spurious past-due run', () => {
        const stored = { last: iso('10:05:00'), next: iso('10:10:00'), lastUpdated: iso('10:05:00') };
        // hourly now: its next occurrence after the last run (11:00) is still ahead
        expect(checkOnStartup(parseSchedule('0 0 * * * *'), stored, at('10:20:00'))).toEqual({
            status: { last: NEVER, next: iso('11:00:00'), lastUpdated: iso('10:05:00') },
            changed: true,
            isPastDue: false,
        });
        // at :07 now: 10:07 already passed, so it restarts from now instead of running late
        expect(checkOnStartup(parseSchedule('0 7 * * * *'), stored, at('10:20:00'))).toEqual({
            status: { last: NEVER, next: iso('11:07:00'), lastUpdated: iso('10:20:00') },
            changed: true,
            isPastDue: false,
        });
    });

    it('a clock set back before the last run starts the schedule again from the new time, not past due', () => {
        const stored = { last: iso('10:05:00'), next: iso('10:10:00'), lastUpdated: iso('10:05:00') };
        expect(checkOnClockChange(everyFiveMinutes, stored, at('09:41:00'))).toEqual({
            status: { last: NEVER, next: iso('09:45:00'), lastUpdated: iso('09:41:00') },
            changed: true,
            isPastDue: false,
        });
        // nor does one that never ran wait for the occurrence it recorded at its registration
        const registered = { last: NEVER, next: iso('10:05:00'), lastUpdated: iso('10:02:00') };
        expect(checkOnClockChange(everyFiveMinutes, registered, at('08:00:00'))).toMatchObject({ status: { next: iso('08:05:00') }, isPastDue: false });
    });

    it('a clock set forward is a start: past an occurrence, it runs once past due; short of one, nothing changes', () => {
        const stored = { last: iso('10:05:00'), next: iso('10:10:00'), lastUpdated: iso('10:05:00') };
        expect(checkOnClockChange(everyFiveMinutes, stored, at('10:37:00'))).toEqual({ status: stored, changed: false, isPastDue: true });
        expect(checkOnClockChange(everyFiveMinutes, stored, at('10:08:00'))).toEqual({ status: stored, changed: false, isPastDue: false });
        expect(checkOnClockChange(everyFiveMinutes, undefined, at('10:08:00'))).toEqual(checkOnStartup(everyFiveMinutes, undefined, at('10:08:00')));
    });
});

describe('TimerStatusStore across a restart', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timer-status-'));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    async function hostRun<T>(run: (store: TimerStatusStore) => Promise<T>): Promise<T> {
        const kv = openKv(dir);
        try {
            return await run(new TimerStatusStore(kv));
        } finally {
            await kv.close();
        }
    }

    it.each([
        ['an NCRONTAB schedule', '0 */5 * * * *', '10:05:00', '10:10:00'],
        ['a TimeSpan schedule', '00:05:00', '10:07:00', '10:12:00'],
    ])('runs %s once, past due, after the host missed an occurrence', async (_kind, expression, firstDue, secondDue) => {
        const schedule = parseSchedule(expression);
        await hostRun(async (store) => {
            expect(await store.check('cleanup', schedule, at('10:02:00'))).toMatchObject({ isPastDue: false, status: { next: iso(firstDue) } });
            expect(await store.recordRun('cleanup', schedule, at(firstDue), 'schedule')).toMatchObject({ next: iso(secondDue) });
        });

        // the host was down from just after the first run until 10:31
        const afterRestart = await hostRun(async (store) => {
            const check = await store.check('cleanup', schedule, at('10:31:00'));
            expect(check).toEqual({ status: { last: iso(firstDue), next: iso(secondDue), lastUpdated: iso(firstDue) }, changed: false, isPastDue: true });
            return store.recordRun('cleanup', schedule, at('10:31:00.050'), 'pastDue');
        });
        expect(Date.parse(afterRestart.next)).toBeGreaterThan(at('10:31:00').getTime());

        // restarting again right away: the missed occurrence already ran
        await hostRun(async (store) => {
            expect(store.get('cleanup')).toEqual(afterRestart);
            expect(await store.check('cleanup', schedule, at('10:31:30'))).toMatchObject({ isPastDue: false, changed: false });
            expect(store.get('other-timer')).toBeUndefined();
        });
    });
});
