// How often a partner may ask for a live refresh (`?refresh=true`) of one
// customer: once per window. Kept in the state store (container
// `overage-refresh-limits`, partition = partner, id = customer), so every
// instance of a scaled-out app counts against the same window; two instances
// taking the same refresh at once are settled by the document's ETag.
import { appClock } from '../clock';
import { StateConflictError, StatePreconditionFailedError, type StateStore } from '../state';
import { CONTAINERS } from '../state/containers';

const WINDOW_MS_DEFAULT = 30_000;

interface LastRefresh { id: string; at: number }

export type RefreshTaken = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function refreshWindowMs(env: Record<string, string | undefined> = process.env): number {
    const ms = Number(env.READ_MODEL_REFRESH_WINDOW_MS);
    return Number.isFinite(ms) && ms > 0 ? ms : WINDOW_MS_DEFAULT;
}

const refusedUntil = (at: number, now: number, windowMs: number): RefreshTaken => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((at + windowMs - now) / 1000)) });

/** Whether the partner may refresh the customer now, without taking it (for a caller whose customer is not checked yet: it writes nothing). */
export async function mayRefresh(store: StateStore, partnerId: string, customerTenantId: string, now = appClock.now(), windowMs = refreshWindowMs()): Promise<RefreshTaken> {
    const last = await store.read<LastRefresh>(CONTAINERS.refreshLimits, partnerId, customerTenantId);
    return last && now - last.at < windowMs ? refusedUntil(last.at, now, windowMs) : { allowed: true };
}

/** Takes the partner's refresh of the customer, or says how many seconds until it may refresh again. */
export async function takeRefresh(store: StateStore, partnerId: string, customerTenantId: string, now = appClock.now(), windowMs = refreshWindowMs()): Promise<RefreshTaken> {
    const last = await store.read<LastRefresh>(CONTAINERS.refreshLimits, partnerId, customerTenantId);
    const refused = (at: number): RefreshTaken => refusedUntil(at, now, windowMs);
    if (last && now - last.at < windowMs) return refused(last.at);
    try {
        const doc = { id: customerTenantId, at: now };
        if (last) await store.replace(CONTAINERS.refreshLimits, partnerId, doc, { ifMatch: last.etag });
        else await store.create(CONTAINERS.refreshLimits, partnerId, doc);
        return { allowed: true };
    } catch (err) {
        // another instance took it between our read and write: this one is refused
        if (err instanceof StateConflictError || err instanceof StatePreconditionFailedError) return refused(now);
        throw err;
    }
}
