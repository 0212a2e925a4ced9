// Partner Center's seek-based paging: a list in a stable order is served a
// page at a time, and each page but the last links to the next one with an
// opaque continuation token in the `MS-ContinuationToken` request header.
// The token says where the next page starts, whose list it is and until when
// it is honoured (real time, like the simulator's delays); anything else in
// that header is refused.
import { z } from 'zod';

/** The request header, as the host hands headers over: in lower case. */
export const CONTINUATION_HEADER = 'ms-continuationtoken';
/** How long a continuation token is honoured. Microsoft publishes no figure: modelled. */
export const CONTINUATION_TTL_MS = 15 * 60_000;

export interface SeekPosition {
    /** Whose list: a token is honoured for the partner it was issued to only. */
    partnerId: string;
    /** The key of the last item served; the next page starts after it. */
    after: string;
    /** Real time (ms since the epoch) after which the token is refused. */
    expiresAt: number;
}

const Stored = z.strictObject({ v: z.literal(1), p: z.string().min(1), a: z.string().min(1), e: z.number().int() });

export function continuationToken(position: SeekPosition): string {
    return Buffer.from(JSON.stringify({ v: 1, p: position.partnerId, a: position.after, e: position.expiresAt })).toString('base64url');
}

/** Where the page asked for starts, or why the token is refused. */
export function readContinuationToken(token: string, partnerId: string, now: number): { after: string } | { refused: string } {
    let parsed: unknown;
    try {
        parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
        parsed = undefined;
    }
    const stored = Stored.safeParse(parsed);
    if (!stored.success || stored.data.p !== partnerId) return { refused: 'The continuation token is not one this list issued.' };
    if (stored.data.e <= now) return { refused: 'The continuation token has expired; start the list again from its first page.' };
    return { after: stored.data.a };
}

/** The items after `after` (all when undefined), `size` of them, and the key of the last one when more follow. */
export function seekPage<T>(items: readonly T[], keyOf: (item: T) => string, after: string | undefined, size: number): { items: T[]; lastKey?: string } {
    let start = 0;
    if (after !== undefined) {
        // items are sorted by key: the first one past `after` (a binary search, for long lists)
        let lo = 0;
        let hi = items.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (keyOf(items[mid]) <= after) lo = mid + 1;
            else hi = mid;
        }
        start = lo;
    }
    const page = items.slice(start, start + size);
    return start + size < items.length ? { items: page, lastKey: keyOf(page[page.length - 1]) } : { items: page };
}
