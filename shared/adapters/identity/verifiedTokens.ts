// A bearer token is verified once, not on every request: a token that
// verified is remembered with its caller for at most a minute and never past
// its own `exp`, keyed by the exact Authorization header (so only the holder
// of that very token benefits). Signature checks were the largest part of a
// read-model GET's CPU. In process memory, bounded in size.
import type { Caller } from '../../core/domain/partner';

const TTL_MS = 60_000;
const KEPT = 5_000;

const verified = new Map<string, { caller: Caller; until: number }>();

/** When the token expires (ms since epoch), read from its payload without checking it; undefined when unreadable. */
function expiryOf(authorization: string): number | undefined {
    const payload = authorization.replace(/^Bearer\s+/i, '').split('.')[1];
    if (!payload) return undefined;
    try {
        const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
        return typeof exp === 'number' ? exp * 1000 : undefined;
    } catch {
        return undefined;
    }
}

// eslint-disable-next-line no-restricted-properties -- tokens keep real time: their exp is Entra's, as the verifier reads it
export function rememberedCaller(authorization: string | null, now = Date.now()): Caller | undefined {
    if (!authorization) return undefined;
    const hit = verified.get(authorization);
    if (!hit) return undefined;
    if (hit.until > now) return hit.caller;
    verified.delete(authorization);
    return undefined;
}

/** Remembers a caller whose token just verified. */
// eslint-disable-next-line no-restricted-properties -- tokens keep real time: their exp is Entra's, as the verifier reads it
export function rememberCaller(authorization: string | null, caller: Caller, now = Date.now()): void {
    if (!authorization) return;
    const exp = expiryOf(authorization);
    if (exp === undefined || exp <= now) return;
    verified.set(authorization, { caller, until: Math.min(exp, now + TTL_MS) });
    if (verified.size > KEPT) verified.delete(verified.keys().next().value!);
}
