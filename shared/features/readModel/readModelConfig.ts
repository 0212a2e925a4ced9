// The read model's settings, from the environment.
export const DEFAULT_READ_MODEL_SYNC_SCHEDULE = '0 */15 * * * *';

const positive = (text: string | undefined, fallback: number) => {
    const n = Number(text);
    return text !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * How old a document may be and still answer GET overage (READ_MODEL_MAX_AGE_MS,
 * default 20 minutes: one sync interval plus slack). An older one, or none,
 * is read live from Partner Center.
 */
export function readModelMaxAgeMs(env: Record<string, string | undefined> = process.env): number {
    return positive(env.READ_MODEL_MAX_AGE_MS, 20 * 60_000);
}

/** How many customers the sync refreshes at once (READ_MODEL_SYNC_CONCURRENCY, default 2): Partner Center throttles per partner. */
export function readModelSyncConcurrency(env: Record<string, string | undefined> = process.env): number {
    return Math.floor(positive(env.READ_MODEL_SYNC_CONCURRENCY, 2));
}
