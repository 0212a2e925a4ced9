// A handover's settings, read when it starts (and passed in its input, so
// replays see the values it started with).
//   SERVED_PARTNERS   the partners this deployment acts for (partnerCenter/servedPartners.ts)
//   PUBLIC_URL        where approval links point (default: the host's own address)
import { z } from 'zod';
import type { Caller } from '../../core/domain/partner';
import { servedAgent } from '../../adapters/partnerCenter/servedPartners';
import type { HandoverTiming } from '../../core/handover/handoverSchemas';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const handoverEnv = z.object({
    HANDOVER_DAY_MS: ms(24 * 60 * 60_000),
    HANDOVER_SWITCH_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    HANDOVER_SWITCH_RETRY_MS: ms(5 * 60_000),
    PUBLIC_URL: z.url().optional(),
    LOCAL_HOST_URL: z.url().optional(),
    WEBSITE_HOSTNAME: z.string().optional(),
});

export interface HandoverConfig {
    timing: HandoverTiming;
    publicUrl: string;
    /** The agent this deployment acts as for a partner, or null when it does not serve that partner. */
    servedAgent(partnerId: string): Caller | null;
}

export function handoverConfig(env: Record<string, string | undefined> = process.env): HandoverConfig {
    const s = handoverEnv.parse(env);
    const publicUrl = s.PUBLIC_URL ?? s.LOCAL_HOST_URL ?? (s.WEBSITE_HOSTNAME ? `https://${s.WEBSITE_HOSTNAME}` : undefined);
    if (!publicUrl) throw new Error('Set PUBLIC_URL: approval links need the address partners reach this app at.');
    return {
        timing: { dayMs: s.HANDOVER_DAY_MS, switchAttempts: s.HANDOVER_SWITCH_ATTEMPTS, switchRetryMs: s.HANDOVER_SWITCH_RETRY_MS },
        publicUrl,
        servedAgent: (partnerId) => servedAgent(partnerId, env),
    };
}
