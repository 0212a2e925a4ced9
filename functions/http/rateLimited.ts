// 429 for a live read of Microsoft's APIs asked for again within its window
// (`?refresh=true`, diagnostics): when to come back, and what to read meanwhile.
import type { HttpResponseInit } from '@azure/functions';
import { refreshWindowMs } from '../../shared/readModel/refreshLimit';
import { problem } from './problem';

export function rateLimited(partnerId: string, retryAfterSeconds: number): HttpResponseInit {
    const res = problem(429, 'refresh-rate-limited', `Partner ${partnerId} already had this customer read live from Partner Center within the last ${Math.round(refreshWindowMs() / 1000)} s.`, {
        remedy: `Read it without refresh=true (the answer says how fresh it is in "asOf"), or try again after ${retryAfterSeconds} s.`,
    });
    return { ...res, headers: { ...(res.headers as Record<string, string>), 'retry-after': String(retryAfterSeconds) } };
}
