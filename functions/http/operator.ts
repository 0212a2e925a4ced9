// Operators hold the host's system key (the Durable extension's system key in
// Azure, DURABLE_SYSTEM_KEY under the local host). Only they are shown the
// Durable management links, which carry that key; a partner's token never is.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import type { DurableClient } from 'durable-functions';

export function isOperator(req: HttpRequest, client: DurableClient): boolean {
    const given = req.headers.get('x-functions-key') ?? req.query.get('code');
    if (!given) return false;
    const key = new URL(client.createHttpManagementPayload('probe').statusQueryGetUri).searchParams.get('code');
    return !!key && timingSafeEqual(sha(given), sha(key));
}

const sha = (s: string) => createHash('sha256').update(s).digest();
