// Azure Functions timer schedules: six-field NCRONTAB expressions (with seconds) or TimeSpan
// intervals, evaluated in UTC (Azure's time zone when WEBSITE_TIME_ZONE is unset).
// cron-parser does the cron arithmetic; this module adds the rules where NCRONTAB differs.
import { CronExpression, CronExpressionParser } from 'cron-parser';

const FIELDS = '{second} {minute} {hour} {day} {month} {day-of-week}';
// [d.]hh:mm[:ss], the .NET TimeSpan forms Azure documents for timer triggers
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;
// a lone letter is cron-parser syntax NCRONTAB lacks (L, H); names like MON or JAN are longer
const LONE_LETTER = /(^|[^A-Za-z])[A-Za-z]($|[^A-Za-z])/;
// bounds the walk over candidate days in `next` (a matching weekday recurs within a few candidates)
const MAX_CANDIDATE_DAYS = 1000;

export class InvalidScheduleError extends Error {
    constructor(
        readonly schedule: string,
        reason: string,
    ) {
        super(`Invalid timer schedule '${schedule}': ${reason}`);
        this.name = 'InvalidScheduleError';
    }
}

export interface TimerSchedule {
    readonly expression: string;
    /** The first occurrence strictly after `after`. */
    next(after: Date): Date;
}

/** Parses a timer trigger schedule; throws InvalidScheduleError with the reason. */
export function parseSchedule(expression: string): TimerSchedule {
    const text = expression.trim();
    return text.includes(':') ? intervalSchedule(text) : cronSchedule(text);
}

export function nextOccurrence(schedule: string | TimerSchedule, after: Date): Date {
    return (typeof schedule === 'string' ? parseSchedule(schedule) : schedule).next(after);
}

/** A TimeSpan runs every interval, counted from the previous run (Azure's ConstantSchedule). */
function intervalSchedule(text: string): TimerSchedule {
    const match = TIMESPAN.exec(text);
    if (!match) throw new InvalidScheduleError(text, "not a TimeSpan; write 'hh:mm:ss' or 'd.hh:mm:ss'");
    const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
    if (hours > 23 || minutes > 59 || seconds > 59) {
        // .NET reads '24:00:00' as 24 days, a classic surprise; make longer intervals explicit
        throw new InvalidScheduleError(text, "hours must be 0-23 and minutes/seconds 0-59; write a day or more as 'd.hh:mm:ss'");
    }
    const intervalMs = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
    if (intervalMs === 0) throw new InvalidScheduleError(text, 'the interval must be longer than zero');
    return { expression: text, next: (after) => new Date(after.getTime() + intervalMs) };
}

function cronSchedule(text: string): TimerSchedule {
    const fields = text.split(/\s+/);
    if (fields.length !== 6) {
        const hint = fields.length === 5 ? ` (add a seconds field, e.g. '0 ${text}')` : '';
        throw new InvalidScheduleError(text, `has ${fields.length} field(s); Azure NCRONTAB needs 6: ${FIELDS}${hint}`);
    }
    const unsupported = fields.find((f) => /[^0-9A-Za-z*,/-]/.test(f) || LONE_LETTER.test(f));
    if (unsupported) {
        throw new InvalidScheduleError(text, `'${unsupported}' is not NCRONTAB; fields take numbers, names, '*', ',', '-' and '/'`);
    }
    // NCRONTAB fires only when the day AND the day-of-week match; cron-parser, like Unix cron,
    // fires when either does. So walk the occurrences matching all but the weekday, and keep the
    // first whose weekday (checked with the weekday-only expression) matches too.
    const [second, minute, hour, day, month, weekday] = fields;
    const byDay = parseCron(text, [second, minute, hour, day, month, '*']);
    const byWeekday = parseCron(text, [second, minute, hour, '*', month, weekday]);
    const schedule: TimerSchedule = {
        expression: text,
        next(after) {
            let from = after;
            for (let i = 0; i < MAX_CANDIDATE_DAYS; i++) {
                byDay.reset(from);
                const candidate = byDay.next().toDate();
                if (byWeekday.includesDate(candidate)) return candidate;
                from = endOfUtcDay(candidate); // the rest of that day has the same wrong weekday
            }
            throw new InvalidScheduleError(text, 'it never occurs');
        },
    };
    try {
        schedule.next(new Date(0)); // fail at parse time, not at the first tick, if it never occurs
    } catch (e) {
        throw e instanceof InvalidScheduleError ? e : new InvalidScheduleError(text, (e as Error).message);
    }
    return schedule;
}

function parseCron(text: string, fields: string[]): CronExpression {
    try {
        return CronExpressionParser.parse(fields.join(' '), { tz: 'UTC' });
    } catch (e) {
        throw new InvalidScheduleError(text, (e as Error).message);
    }
}

function endOfUtcDay(date: Date): Date {
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 23, 59, 59, 999));
}
