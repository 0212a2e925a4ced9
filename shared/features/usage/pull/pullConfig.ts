// The usage pull's settings, checked at start-up with the rest (features/config/appConfig.ts).
//   USAGE_PULL_SCHEDULE     when the daily pull runs: six-field NCRONTAB, UTC (default 03:00 every day)
//   USAGE_PULL_CONCURRENCY  customers pulled at once by the timer's orchestration (default 4, 1 to 50):
//                           Graph throttles per app and tenant, and each call waits out its 429s anyway
//   CPV_PARTNERS            partners (ids, comma-separated) whose app registration is a Control Panel
//                           Vendor's: their AdminAgents may ask Partner Center for the app's consent
import { z } from 'zod';

export const DEFAULT_USAGE_PULL_SCHEDULE = '0 0 3 * * *';

/** Six fields (second minute hour day month weekday), each digits, names, `*`, `,`, `-` or `/`. */
const NCRONTAB = /^\s*[\w*,/-]+(\s+[\w*,/-]+){5}\s*$/;

export const usagePullEnv = z.object({
    USAGE_PULL_SCHEDULE: z.string().regex(NCRONTAB, 'must be a six-field NCRONTAB expression (second minute hour day month weekday), e.g. "0 0 3 * * *"').default(DEFAULT_USAGE_PULL_SCHEDULE),
    USAGE_PULL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
    CPV_PARTNERS: z.string().regex(/^\s*[\w-]+(\s*,\s*[\w-]+)*\s*$/, 'must be partner ids separated by commas, e.g. "1001,1002"').optional(),
});

export function usagePullSchedule(env: Record<string, string | undefined>): string {
    return usagePullEnv.parse(env).USAGE_PULL_SCHEDULE;
}

export function usagePullConcurrency(env: Record<string, string | undefined>): number {
    return usagePullEnv.parse(env).USAGE_PULL_CONCURRENCY;
}

/** Whether the partner acts as a Control Panel Vendor (CPV_PARTNERS). */
export function isControlPanelVendor(partnerId: string, env: Record<string, string | undefined>): boolean {
    const listed = usagePullEnv.parse(env).CPV_PARTNERS;
    return listed !== undefined && listed.split(',').map((p) => p.trim()).includes(partnerId);
}
