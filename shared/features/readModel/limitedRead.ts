// A live read of Microsoft's APIs that a partner may ask for on every call
// (diagnostics) is made at most once per refresh window per partner and
// customer, like `?refresh=true`; in between, the answer read last is given
// again with when it was read. Kept in the state store (container
// `overage-refresh-limits`, partition = partner, id = `<what>:<customer>`),
// so every instance of a scaled-out app counts against one window; the read
// is claimed by ETag first (refreshLimit.ts's claimWindow), so two instances
// never both read. An answer read before the partner's last run changed
// things is read again once, whatever the window says.
import { StatePreconditionFailedError } from '../../adapters/state/stateErrors';
import type { StateStore } from '../../adapters/state/stateStore';
import { CONTAINERS } from '../../adapters/state/containers';
import { appClock } from '../../core/clock';
import { claimWindow, refreshWindowMs, secondsLeft } from './refreshLimit';

interface LimitedReadDoc<T> {
    id: string;
    /** When the last live read was claimed. */
    at: number;
    /** The last answer read live, and when. */
    answer?: { asOf: string; value: T };
}

export type LimitedRead<T> =
    | { value: T; asOf: string; servedFrom: 'partner-center' | 'cache' }
    /** Another call claimed the read of this window and no earlier answer exists. */
    | { limited: true; retryAfterSeconds: number };

export interface LimitedReadOptions {
    now?: number;
    windowMs?: number;
    /** Something changed at this instant (a run of the partner's started or ended): an answer read before it is not given again. */
    changedAt?: number;
}

export async function limitedRead<T>(store: StateStore, partnerId: string, key: string, read: () => Promise<T>, o: LimitedReadOptions = {}): Promise<LimitedRead<T>> {
    const now = o.now ?? appClock.now();
    const windowMs = o.windowMs ?? refreshWindowMs();
    const last = await store.read<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, key);
    const outdated = last?.answer !== undefined && o.changedAt !== undefined && Date.parse(last.answer.asOf) < o.changedAt;
    if (last && now - last.at < windowMs && !outdated) return cachedOr(last, now, windowMs);
    const claimed = await claimWindow(store, partnerId, last, { id: key, at: now, ...(last?.answer ? { answer: last.answer } : {}) });
    if (!claimed) return cachedOr((await store.read<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, key)) ?? last, now, windowMs);
    // a failed read keeps the claim (with the earlier answer): Microsoft is asked again only after the window
    const asOf = new Date(now).toISOString();
    const value = await read();
    await store.replace<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, { id: key, at: now, answer: { asOf, value } }, { ifMatch: claimed.etag }).catch((err: unknown) => {
        if (!(err instanceof StatePreconditionFailedError)) throw err; // a later claim replaced ours: its answer will be newer
    });
    return { value, asOf, servedFrom: 'partner-center' };
}

function cachedOr<T>(doc: LimitedReadDoc<T> | undefined, now: number, windowMs: number): LimitedRead<T> {
    if (doc?.answer) return { ...doc.answer, servedFrom: 'cache' };
    return { limited: true, retryAfterSeconds: secondsLeft(doc?.at ?? now, now, windowMs) };
}
