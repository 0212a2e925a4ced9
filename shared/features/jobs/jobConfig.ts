// A bulk enablement job's settings, read when a job is asked for and passed
// in its input, so the job's replays see the values it started with.
//   JOB_CONCURRENCY  runs of one job in flight at most (default 8): Partner Center throttles per partner,
//                    and each run's calls already wait out its 429s (shared/adapters/http/jsonClient.ts)
//   JOB_POLL_MS      how often a job reads its running items' runs (default 5 s)
import { z } from 'zod';

export const jobEnv = z.object({
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
    JOB_POLL_MS: z.coerce.number().int().positive().default(5_000),
});

export interface JobSettings {
    concurrency: number;
    pollMs: number;
}

export function jobSettings(env: Record<string, string | undefined>): JobSettings {
    const s = jobEnv.parse(env);
    return { concurrency: s.JOB_CONCURRENCY, pollMs: s.JOB_POLL_MS };
}
