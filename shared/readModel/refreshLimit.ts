// How often a partner may ask for a live refresh (`?refresh=true`) of one
// customer: once per window. Kept in process memory: with several instances
// a partner may get one refresh per instance per window, which still bounds
// what reaches Partner Center; a restart forgets it.
const WINDOW_MS_DEFAULT = 30_000;
const KEPT = 10_000;

const lastRefresh = new Map<string, number>();

export function refreshWindowMs(env: Record<string, string | undefined> = process.env): number {
    const ms = Number(env.READ_MODEL_REFRESH_WINDOW_MS);
    return Number.isFinite(ms) && ms > 0 ? ms : WINDOW_MS_DEFAULT;
}

/** Takes the partner's refresh of the customer, or says how many seconds until it may refresh again. */
export function takeRefresh(partnerId: string, customerTenantId: string, now = Date.now(), windowMs = refreshWindowMs()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const key = `${partnerId}|${customerTenantId}`;
    const last = lastRefresh.get(key);
    if (last !== undefined && now - last < windowMs) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((last + windowMs - now) / 1000)) };
    lastRefresh.delete(key);
    lastRefresh.set(key, now);
    // oldest first: insertion order
    if (lastRefresh.size > KEPT) lastRefresh.delete(lastRefresh.keys().next().value!);
    return { allowed: true };
}
