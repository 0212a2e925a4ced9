// A bearer token is verified once, not on every request: a token that
// verified is remembered with its caller for at most a minute and never past
// its own `exp`, keyed by the exact Authorization header (so only the holder
// of that very token benefits). Signature checks were the largest part of a
// read-model GET's CPU. In process memory, bounded in size, and kept by the
// verifier that checked them (one per app: its Dependencies), not by a module.
import type { Caller } from '../../core/domain/partner';
import type { TokenVerifier } from './tokenVerifier';

const TTL_MS = 60_000;
const KEPT = 5_000;

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

export class VerifiedTokens {
    private readonly verified = new Map<string, { caller: Caller; until: number }>();

    // eslint-disable-next-line no-restricted-properties -- tokens keep real time: their exp is Entra's, as the verifier reads it
    remembered(authorization: string | null | undefined, now = Date.now()): Caller | undefined {
        if (!authorization) return undefined;
        const hit = this.verified.get(authorization);
        if (!hit) return undefined;
        if (hit.until > now) return hit.caller;
        this.verified.delete(authorization);
        return undefined;
    }

    /** Remembers a caller whose token just verified. */
    // eslint-disable-next-line no-restricted-properties -- tokens keep real time: their exp is Entra's, as the verifier reads it
    remember(authorization: string | null | undefined, caller: Caller, now = Date.now()): void {
        if (!authorization) return;
        const exp = expiryOf(authorization);
        if (exp === undefined || exp <= now) return;
        this.verified.set(authorization, { caller, until: Math.min(exp, now + TTL_MS) });
        if (this.verified.size > KEPT) this.verified.delete(this.verified.keys().next().value!);
    }
}

/** `verifier`, answering a token it verified lately from memory. */
export function rememberingVerifier(verifier: TokenVerifier, kept = new VerifiedTokens()): TokenVerifier {
    return {
        async verify(authorization) {
            const remembered = kept.remembered(authorization);
            if (remembered) return remembered;
            const caller = await verifier.verify(authorization);
            kept.remember(authorization, caller);
            return caller;
        },
    };
}
