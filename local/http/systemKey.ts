// The host's key check, for the admin API and the Durable management API: the
// key read as Azure's host reads one (the x-functions-key header, else the
// `code` query parameter) and compared in constant time, so the answer's
// timing says nothing of how much of a guess was right.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHead } from './respond';

export function hasSystemKey(req: RequestHead, key: string): boolean {
    const given = req.headers['x-functions-key'] ?? req.url.searchParams.get('code');
    return typeof given === 'string' && timingSafeEqual(digest(given), digest(key));
}

// equal lengths, as timingSafeEqual wants, whatever was sent
const digest = (s: string) => createHash('sha256').update(s).digest();
