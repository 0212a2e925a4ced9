// setTimeout holds at most 2^31-1 ms (about 24.8 days). Node turns a longer
// delay (with a TimeoutOverflowWarning) or NaN into 1 ms, so a far-future wait
// passed through as is fires at once, re-arms, fires again: a spin. Every host
// timer goes through here; a long wait sleeps the longest allowed, and its
// owner, woken early, finds nothing due and re-arms.

export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export function timerDelay(ms: number): number {
    if (Number.isNaN(ms)) return MAX_TIMER_DELAY_MS; // an unreadable time is never due
    return Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS);
}
