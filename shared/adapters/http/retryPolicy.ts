// When a failed attempt is tried again, and after how long. Pure, so the
// policy can be read (and tested) apart from the plumbing of fetch.
//
// Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) are retried on every
// transient failure: 429, 500, 502, 503, 504, timeouts and network errors.
// A POST or PATCH that may have reached the upstream's logic is NOT retried,
// because a second one could create a second order or subscription. It is
// retried only when the upstream certainly did not act on it:
//   - 429: throttling refuses the request before it is processed (Partner
//     Center and ARM both document it so);
//   - 503 with Retry-After: the server says "not now, come back then";
//   - the connection was never made (refused, DNS, unreachable): nothing was sent.
// A timeout, a reset mid-exchange, a 500/502/504 leave the outcome unknown, so
// the caller decides: it can pass `idempotent: true` for a POST it made safe
// (a deterministic id, an idempotency header such as Partner Center's MS-RequestId).
import { appClock } from '../../core/clock';

export type AttemptFailure =
    | { kind: 'status'; status: number; retryAfterMs?: number }
    | { kind: 'timeout' }
    | { kind: 'network'; connected: boolean }
    /** The upstream answered, but not what its contract says: asking again gives the same. */
    | { kind: 'contract' };

export interface BackoffOptions {
    backoffMs: number;
    maxBackoffMs: number;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Socket errors raised before a connection exists: the request was never sent. */
const CONNECT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function isIdempotentMethod(method: string): boolean {
    return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isRetryable(failure: AttemptFailure, idempotent: boolean): boolean {
    switch (failure.kind) {
        case 'status':
            if (!TRANSIENT_STATUSES.has(failure.status)) return false;
            return idempotent || failure.status === 429 || (failure.status === 503 && failure.retryAfterMs !== undefined);
        case 'timeout':
            return idempotent;
        case 'network':
            return idempotent || !failure.connected;
        case 'contract':
            return false;
    }
}

/**
 * The wait before the next attempt, after `attempt` (1-based) failed: the
 * server's Retry-After when given, else exponential backoff with jitter (half
 * fixed, half random, so callers that failed together spread out but never
 * hammer at once). Both are capped at `maxBackoffMs`.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions, random: () => number = Math.random): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxBackoffMs);
    const ceiling = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored.
 * A date is the server's time of day, so it is read against the app's clock, the one the world lives on.
 */
export function parseRetryAfter(value: string | null, now: number = appClock.now()): number | undefined {
    if (value === null) return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Whether a fetch failure happened while connecting (`connected: false`) or after the request could have left. */
export function connectedWhenFailed(error: unknown): boolean {
    // fetch wraps the socket error as `cause`; with several addresses to try it is an AggregateError of them
    const cause = (error as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } } | undefined)?.cause;
    const code = cause?.code ?? cause?.errors?.[0]?.code;
    return !(typeof code === 'string' && CONNECT_ERROR_CODES.has(code));
}
