// A live read of Microsoft's APIs that a partner may ask for on every call
// (diagnostics) is made at most once per refresh window per partner and
// customer, like `?refresh=true`; in between, the answer read last is given
// again with when it was read. Kept in the state store (container
// `overage-refresh-limits`, partition = partner, id = `<what>:<customer>`),
// so every instance of a scaled-out app counts against one window; the read
// is claimed by ETag first, so two instances never both read.
import { StateConflictError, StatePreconditionFailedError, type StateStore, type Stored } from '../state';
import { CONTAINERS } from '../state/containers';
import { appClock } from '../clock';
import { refreshWindowMs } from './refreshLimit';

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
}

export async function limitedRead<T>(store: StateStore, partnerId: string, key: string, read: () => Promise<T>, o: LimitedReadOptions = {}): Promise<LimitedRead<T>> {
    const now = o.now ?? appClock.now();
    const windowMs = o.windowMs ?? refreshWindowMs();
    const last = await store.read<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, key);
    if (last && now - last.at < windowMs) return cachedOr(last, now, windowMs);
    const claimed = await claim(store, partnerId, key, last, now);
    if (!claimed) return cachedOr((await store.read<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, key)) ?? last, now, windowMs);
    // a failed read keeps the claim (with the earlier answer): Microsoft is asked again only after the window
    const asOf = new Date(now).toISOString();
    const value = await read();
    await store.replace<LimitedReadDoc<T>>(CONTAINERS.refreshLimits, partnerId, { id: key, at: now, answer: { asOf, value } }, { ifMatch: claimed.etag }).catch((err: unknown) => {
        if (!(err instanceof StatePreconditionFailedError)) throw err; // a later claim replaced ours: its answer will be newer
    });
    return { value, asOf, servedFrom: 'partner-center' };
}

async function claim<T>(store: StateStore, partnerId: string, key: string, last: Stored<LimitedReadDoc<T>> | undefined, now: number): Promise<Stored<LimitedReadDoc<T>> | undefined> {
    const doc: LimitedReadDoc<T> = { id: key, at: now, ...(last?.answer ? { answer: last.answer } : {}) };
    try {
        return last ? await store.replace(CONTAINERS.refreshLimits, partnerId, doc, { ifMatch: last.etag }) : await store.create(CONTAINERS.refreshLimits, partnerId, doc);
    } catch (err) {
        if (err instanceof StateConflictError || err instanceof StatePreconditionFailedError) return undefined;
        throw err;
    }
}

function cachedOr<T>(doc: LimitedReadDoc<T> | undefined, now: number, windowMs: number): LimitedRead<T> {
    if (doc?.answer) return { ...doc.answer, servedFrom: 'cache' };
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(((doc?.at ?? now) + windowMs - now) / 1000)) };
}
