// How often a partner may ask for a live refresh (`?refresh=true`) of one
// customer: once per window. Kept in the state store (container
// `overage-refresh-limits`, partition = partner, id = customer), so every
// instance of a scaled-out app counts against the same window; two instances
// taking the same refresh at once are settled by the document's ETag.
import { appClock } from '../../core/clock';
import { StateConflictError, StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';

const WINDOW_MS_DEFAULT = 30_000;

interface LastRefresh { id: string; at: number }

export type RefreshTaken = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function refreshWindowMs(env: Record<string, string | undefined> = process.env): number {
    const ms = Number(env.READ_MODEL_REFRESH_WINDOW_MS);
    return Number.isFinite(ms) && ms > 0 ? ms : WINDOW_MS_DEFAULT;
}

/** Seconds until a window claimed at `at` ends (at least 1: a Retry-After). */
export const secondsLeft = (at: number, now: number, windowMs: number): number => Math.max(1, Math.ceil((at + windowMs - now) / 1000));

/**
 * Claims the window with `doc` (its `at` the claim's time) over `last`, the
 * document read before: ETag-guarded, so of two instances claiming at once
 * one gets the stored document and the other undefined.
 */
export async function claimWindow<T extends { id: string; at: number }>(store: StateStore, partnerId: string, last: Stored<T> | undefined, doc: T): Promise<Stored<T> | undefined> {
    try {
        return last ? await store.replace(CONTAINERS.refreshLimits, partnerId, doc, { ifMatch: last.etag }) : await store.create(CONTAINERS.refreshLimits, partnerId, doc);
    } catch (err) {
        if (err instanceof StateConflictError || err instanceof StatePreconditionFailedError) return undefined;
        throw err;
    }
}

/** Takes the partner's refresh of the customer, or says how many seconds until it may refresh again. */
export async function takeRefresh(store: StateStore, partnerId: string, customerTenantId: string, now = appClock.now(), windowMs = refreshWindowMs()): Promise<RefreshTaken> {
    const last = await store.read<LastRefresh>(CONTAINERS.refreshLimits, partnerId, customerTenantId);
    if (last && now - last.at < windowMs) return { allowed: false, retryAfterSeconds: secondsLeft(last.at, now, windowMs) };
    // another instance took it between our read and write: this one is refused
    if (!(await claimWindow(store, partnerId, last, { id: customerTenantId, at: now }))) return { allowed: false, retryAfterSeconds: secondsLeft(now, now, windowMs) };
    return { allowed: true };
}
