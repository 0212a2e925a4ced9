// The app's one retry loop, for every outbound call (our JSON client and the
// Azure SDK clients alike): attempts within a time budget, each with its own
// timeout, retried only when retryPolicy.ts says the failure is transient for
// this kind of request, after its Retry-After or a jittered backoff.
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpstreamError } from '../../core/faults/upstreamErrors';
import { AttemptFailure, isRetryable, retryDelayMs } from './retryPolicy';

export interface RetryLimits {
    /** Attempts after the first: `retries: 3` makes at most 4. */
    retries: number;
    /** The whole call (attempts and the waits between them) ends within this; a Retry-After beyond it is not waited for. */
    budgetMs: number;
    /** Each attempt's own limit (shortened to what is left of the budget). */
    timeoutMs: number;
    backoffMs: number;
    maxBackoffMs: number;
}

export type AttemptResult<T> = { ok: T } | { failure: AttemptFailure; error: UpstreamError };

/** Runs `attempt` (given its number and time limit) until it succeeds, or throws the last failure's error. */
export async function retrying<T>(limits: RetryLimits, idempotent: boolean, attempt: (n: number, timeoutMs: number) => Promise<AttemptResult<T>>): Promise<T> {
    // eslint-disable-next-line no-restricted-properties -- a retry budget is a duration: process time
    const deadline = Date.now() + limits.budgetMs;
    for (let n = 1; ; n++) {
        // eslint-disable-next-line no-restricted-properties -- a retry budget is a duration: process time
        const result = await attempt(n, Math.max(1, Math.min(limits.timeoutMs, deadline - Date.now())));
        if ('ok' in result) return result.ok;
        if (n > limits.retries || !isRetryable(result.failure, idempotent)) throw result.error;
        const retryAfterMs = result.failure.kind === 'status' ? result.failure.retryAfterMs : undefined;
        const wait = retryDelayMs(n, retryAfterMs, limits);
        // a wait that would end past the budget cannot lead to an answer in time
        // eslint-disable-next-line no-restricted-properties -- a retry budget is a duration: process time
        if (Date.now() + wait >= deadline) throw result.error;
        await sleep(wait);
    }
}
