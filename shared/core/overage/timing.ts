// Polling and waiting limits of the lifecycle runs, from settings (read when a
// run starts and passed in its input, so replays see the same values).
import { z } from 'zod';
import type { EnablementTiming } from './enablement';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const Settings = z.object({
    OVERAGE_POLL_INTERVAL_MS: ms(5_000),
    OVERAGE_POLL_TIMEOUT_MS: ms(60 * 60_000),
    AUTO_RECHARGE_POLL_MS: ms(6 * 60 * 60_000),
    AUTO_RECHARGE_WAIT_MS: ms(14 * 24 * 60 * 60_000),
});

export function enablementTiming(env: Record<string, string | undefined>): EnablementTiming {
    const s = Settings.parse(env);
    return { pollIntervalMs: s.OVERAGE_POLL_INTERVAL_MS, pollTimeoutMs: s.OVERAGE_POLL_TIMEOUT_MS, autoRechargePollMs: s.AUTO_RECHARGE_POLL_MS, autoRechargeWaitMs: s.AUTO_RECHARGE_WAIT_MS };
}
