// The partners this deployment acts for at Partner Center besides a caller's
// own, and as whom: SERVED_PARTNERS, JSON {"<partner id>": "<admin agent UPN>"}
// (the local host fills it from the simulator's world; in Azure, configured).
import { z } from 'zod';
import type { Caller } from '../../core/domain/partner';

export const ServedPartnersConfig = z.string().optional()
    .transform((text, ctx) => {
        if (!text) return {};
        try {
            return JSON.parse(text) as unknown;
        } catch {
            ctx.addIssue({ code: 'custom', message: 'SERVED_PARTNERS must be JSON: {"<partner id>": "<agent UPN>"}' });
            return z.NEVER;
        }
    })
    .pipe(z.record(z.string().regex(/^\S+$/), z.email()));

/** Every served partner's agent. */
export function servedAgents(env: Record<string, string | undefined> = process.env): Caller[] {
    return Object.entries(ServedPartnersConfig.parse(env.SERVED_PARTNERS)).map(([partnerId, upn]) => ({ partnerId, upn, roles: ['AdminAgent'] }));
}

/** The agent the deployment acts as for a partner, or null when it does not serve that partner. */
export function servedAgent(partnerId: string, env: Record<string, string | undefined> = process.env): Caller | null {
    return servedAgents(env).find((a) => a.partnerId === partnerId) ?? null;
}
