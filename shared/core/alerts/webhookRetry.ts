// When a webhook delivery is tried again: on a 5xx, a timeout or a network
// error (the receiver may be back later), never on a 4xx (it refused what it
// was sent, and would refuse it again). Waits double from `firstMs`, up to
// `maxMs`, and no attempt starts after the budget from the first one. Pure,
// so the orchestrator can decide from its own time.

export type AttemptOutcome = 'delivered' | 'refused' | 'failed';

/** 2xx delivered; other 4xx (and 3xx: a webhook does not redirect) refused; 5xx, 408 and 429 failed, to try again. */
export function outcomeOfStatus(status: number): AttemptOutcome {
    if (status >= 200 && status < 300) return 'delivered';
    if (status >= 500 || status === 408 || status === 429) return 'failed';
    return 'refused';
}

export interface RetryPolicy {
    budgetMs: number;
    firstMs: number;
    maxMs: number;
}

/** The time of attempt `attempt + 1` after attempt `attempt` (1-based) failed at `at`, or null when it would start past the budget. */
export function nextAttemptAt(policy: RetryPolicy, firstAttemptAt: number, attempt: number, at: number): number | null {
    const wait = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(attempt - 1, 30));
    const next = at + wait;
    return next > firstAttemptAt + policy.budgetMs ? null : next;
}
