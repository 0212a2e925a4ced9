// The one clock the app reads the time of day from: the timestamps it records,
// the deadlines and ages it compares with recorded ones, the month a timer
// rates. In Azure it is the system clock, and nothing can set it. The embedded
// local host sets it (local/clock/), so a test or a demo can live on
// 29 November whatever today is, and the host's durable engine, timers,
// queues and simulator live on the same date. Orchestrators never read it:
// they read context.df.currentUtcDateTime, which the host takes from the same
// time. Durations (a call's timeout, a retry budget, a short wait) are not
// read here but measured by the process's timers: a clock set forward must
// not time out a call in flight. Bearer tokens keep real time too: the
// browser holding one lives outside the host's clock, as Entra ID does.
//
// Activities and functions are handed it (Dependencies.clock, which is
// `appClock` in the app); code below them that takes a Clock is handed
// `appClock`, and the rest reads it here (isoNow).
import { deploymentOf } from './deployment';

export interface Clock {
    /** Milliseconds since the epoch, as Date.now(). */
    now(): number;
}

// eslint-disable-next-line no-restricted-properties -- the system clock itself
export const systemClock: Clock = { now: () => Date.now() };

let source: Clock = systemClock;

/** The app's clock: whatever was set, else the system clock. */
export const appClock: Clock = { now: () => source.now() };

/** Now on the app's clock, as ISO 8601 UTC text: how records keep time. */
export function isoNow(): string {
    return new Date(appClock.now()).toISOString();
}

/**
 * Makes `clock` the app's clock (`systemClock` undoes it) and returns the one
 * it replaces. Only the local host and tests may: in Azure, or under any other
 * host, the app keeps the system clock, so no setting or request can move
 * production's time.
 */
export function setAppClock(clock: Clock, env: Record<string, string | undefined> = process.env): Clock {
    const where = deploymentOf(env);
    if (clock !== systemClock && (where === 'azure' || (where === 'self-hosted' && !env.JEST_WORKER_ID))) {
        throw new Error(`The app's clock is the system clock ${where === 'azure' ? 'in Azure' : 'outside the embedded local host'}; it cannot be set.`);
    }
    const previous = source;
    source = clock;
    return previous;
}
