// 429 for a live read of Microsoft's APIs asked for again within its window
// (`?refresh=true`, diagnostics): when to come back, and what to read meanwhile.
import type { HttpResponseInit } from '@azure/functions';
import { refreshWindowMs } from '../../shared/features/readModel/refreshLimit';
import { problem } from './problem';

/** `stored`: what the caller can read meanwhile (for ?refresh=true, the stored view); nothing for a read that has no earlier answer. */
export function rateLimited(partnerId: string, retryAfterSeconds: number, stored = 'Read it without refresh=true (the answer says how fresh it is in "asOf"), or try'): HttpResponseInit {
    const res = problem(429, 'refresh-rate-limited', `Partner ${partnerId} already had this customer read live from Partner Center within the last ${Math.round(refreshWindowMs() / 1000)} s.`, {
        remedy: `${stored} again after ${retryAfterSeconds} s.`,
    });
    return { ...res, headers: { ...(res.headers as Record<string, string>), 'retry-after': String(retryAfterSeconds) } };
}
