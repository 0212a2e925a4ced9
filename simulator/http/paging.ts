// Lists in pages, as ARM and Graph return them: a slice of the items and an
// absolute link to the next slice carrying a skip token. Pages are smaller
// than Microsoft's on purpose, so a client that ignores the link misses items.
import type { IncomingHttp } from './exchange';

export const PAGE_SIZE = 2;

export function page<T>(req: IncomingHttp, items: T[], skipParam: string): { value: T[]; next?: string } {
    const skip = Math.max(0, Number(req.url.searchParams.get(skipParam) ?? 0) || 0);
    const next = new URL(req.url);
    next.searchParams.set(skipParam, String(skip + PAGE_SIZE));
    return { value: items.slice(skip, skip + PAGE_SIZE), ...(skip + PAGE_SIZE < items.length ? { next: next.toString() } : {}) };
}

/**
 * The same request with `param` set to `value`: an absolute link, its
 * OData options written `$skip`, not `%24skip`, as Graph's next links read.
 */
export function nextLinkWith(req: IncomingHttp, param: string, value: string): string {
    const next = new URL(req.url);
    next.searchParams.set(param, value);
    next.search = [...next.searchParams].map(([k, v]) => `${/^\$?\w+$/.test(k) ? k : encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    return next.toString();
}
