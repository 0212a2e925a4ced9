import { InvalidScheduleError, nextOccurrence, parseSchedule } from '../../local/timers/ncrontab';

const utc = (iso: string) => new Date(`${iso}Z`);

function occurrences(schedule: string, after: string, count: number): string[] {
    const parsed = parseSchedule(schedule);
    const out: string[] = [];
    for (let at = utc(after); out.length < count; ) {
        at = parsed.next(at);
        out.push(at.toISOString());
    }
    return out;
}

describe('NCRONTAB schedules', () => {
    it('every five minutes, strictly after the given time', () => {
        expect(nextOccurrence('0 */5 * * * *', utc('2024-03-10T10:02:30'))).toEqual(utc('2024-03-10T10:05:00'));
        expect(nextOccurrence('0 */5 * * * *', utc('2024-03-10T10:05:00'))).toEqual(utc('2024-03-10T10:10:00'));
        expect(nextOccurrence('0 */5 * * * *', utc('2024-03-10T23:59:00'))).toEqual(utc('2024-03-11T00:00:00'));
    });

    it('weekdays at 09:30 UTC', () => {
        // 2024-01-05 is a Friday
        expect(occurrences('0 30 9 * * 1-5', '2024-01-05T10:00:00', 3)).toEqual([
            '2024-01-08T09:30:00.000Z',
            '2024-01-09T09:30:00.000Z',
            '2024-01-10T09:30:00.000Z',
        ]);
        expect(nextOccurrence('0 30 9 * * MON-FRI', utc('2024-01-05T09:00:00'))).toEqual(utc('2024-01-05T09:30:00'));
    });

    it('uses seconds, month names and ignores surrounding whitespace', () => {
        expect(occurrences('  */20 * * * * *  ', '2024-01-01T00:00:00', 3)).toEqual([
            '2024-01-01T00:00:20.000Z',
            '2024-01-01T00:00:40.000Z',
            '2024-01-01T00:01:00.000Z',
        ]);
        expect(nextOccurrence('0 0 12 1 JUL *', utc('2024-01-01T00:00:00'))).toEqual(utc('2024-07-01T12:00:00'));
    });

    it('requires the day AND the day-of-week to match, as NCRONTAB does (unlike Unix cron)', () => {
        // Friday the 13th: in 2024 that is September and December
        expect(occurrences('0 0 9 13 * 5', '2024-01-01T00:00:00', 2)).toEqual(['2024-09-13T09:00:00.000Z', '2024-12-13T09:00:00.000Z']);
        // a per-second schedule must skip whole non-matching days, not walk them second by second
        expect(nextOccurrence('* * * 13 * FRI', utc('2024-01-01T00:00:00'))).toEqual(utc('2024-09-13T00:00:00'));
        // 29 February on a Monday: the next one is in 2044
        expect(nextOccurrence('0 0 0 29 2 1', utc('2024-01-01T00:00:00'))).toEqual(utc('2044-02-29T00:00:00'));
    });

    it('accepts TimeSpan intervals, counted from the given time', () => {
        expect(nextOccurrence('00:05:00', utc('2024-01-01T10:02:13'))).toEqual(utc('2024-01-01T10:07:13'));
        expect(nextOccurrence('01:00', utc('2024-01-01T10:00:00'))).toEqual(utc('2024-01-01T11:00:00'));
        expect(nextOccurrence('1.00:00:00', utc('2024-01-01T10:00:00'))).toEqual(utc('2024-01-02T10:00:00'));
    });

    it.each([
        ['0 */5 * * *', /has 5 field\(s\); Azure NCRONTAB needs 6.*add a seconds field, e\.g\. '0 0 \*\/5 \* \* \*'/],
        ['0 0 0 * * * 2024', /has 7 field\(s\)/],
        ['@daily', /has 1 field\(s\)/],
        ['0 60 * * * *', /Constraint error/],
        ['0 0 0 30 2 *', /day of month/],
        ['0 0 0 L * *', /'L' is not NCRONTAB/],
        ['0 0 9 * * 1#2', /'1#2' is not NCRONTAB/],
        ['0 0 9 ? * *', /'\?' is not NCRONTAB/],
        ['0 0 H * * *', /'H' is not NCRONTAB/],
        ['0 0 9 * * FOO', /FOO/],
        ['24:00:00', /hours must be 0-23/],
        ['00:00:00', /longer than zero/],
        ['5 minutes:', /not a TimeSpan/],
    ])('rejects %p with a clear error', (schedule, message) => {
        let error: unknown;
        try {
            parseSchedule(schedule);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(InvalidScheduleError);
        expect((error as Error).message).toContain(`Invalid timer schedule '${schedule.trim()}'`);
        expect((error as Error).message).toMatch(message);
    });
});
