// The retry policy's decisions, apart from any I/O.
import { setAppClock, systemClock } from '../../shared/core/clock';
import { connectedWhenFailed, isRetryable, parseRetryAfter, retryDelayMs } from '../../shared/adapters/http/retryPolicy';

test('Retry-After: delay-seconds, an HTTP-date, or ignored', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('an HTTP-date is read against the app\'s clock: the server\'s time of day', () => {
    setAppClock({ now: () => Date.parse('2024-05-01T12:00:00Z') });
    try {
        expect(parseRetryAfter('Wed, 01 May 2024 12:00:05 GMT')).toBe(5000);
    } finally {
        setAppClock(systemClock);
    }
});

test('backoff doubles per attempt, keeps at least half of it, and stops at the cap', () => {
    const options = { backoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3].map((a) => retryDelayMs(a, undefined, options, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, undefined, options, () => 1))).toEqual([100, 200, 400]);
    expect(retryDelayMs(10, undefined, options, () => 1)).toBe(1000);
    expect(retryDelayMs(1, 5000, options)).toBe(1000);
    expect(retryDelayMs(1, 300, options)).toBe(300);
});

test.each([
    [{ kind: 'status', status: 500 }, true, false],
    [{ kind: 'status', status: 502 }, true, false],
    [{ kind: 'status', status: 504 }, true, false],
    [{ kind: 'status', status: 503 }, true, false],
    [{ kind: 'status', status: 503, retryAfterMs: 0 }, true, true],
    [{ kind: 'status', status: 429 }, true, true],
    [{ kind: 'status', status: 409 }, false, false],
    [{ kind: 'status', status: 501 }, false, false],
    [{ kind: 'timeout' }, true, false],
    [{ kind: 'network', connected: true }, true, false],
    [{ kind: 'network', connected: false }, true, true],
] as const)('%j: retried when idempotent %s, when not %s', (failure, idempotent, notIdempotent) => {
    expect(isRetryable(failure, true)).toBe(idempotent);
    expect(isRetryable(failure, false)).toBe(notIdempotent);
});

test('only connect-phase socket errors count as "nothing was sent"', () => {
    expect(connectedWhenFailed({ cause: { code: 'ECONNREFUSED' } })).toBe(false);
    expect(connectedWhenFailed({ cause: { errors: [{ code: 'ENOTFOUND' }] } })).toBe(false);
    expect(connectedWhenFailed({ cause: { code: 'UND_ERR_SOCKET' } })).toBe(true);
    expect(connectedWhenFailed(new Error('?'))).toBe(true);
});
