// The local host's extended sessions (local/durable/extendedSessions.ts) are
// its own optimisation, switched by its own setting. host.json cannot carry
// them: in Azure the Durable extension supports extendedSessionsEnabled only
// for .NET (a Node app gets a warning, or a start-up error with the
// isolated-worker extension), so Node orchestrations replay their history on
// every episode there.

import { z } from 'zod';

export const LOCAL_EXTENDED_SESSIONS = 'LOCAL_EXTENDED_SESSIONS';

/** A boolean setting as the app reads its others (SMTP_SECURE); unset or blank: on. */
const setting = z.stringbool().default(true);

/** On unless LOCAL_EXTENDED_SESSIONS turns them off, so `npm start` and the tests run as they always have. */
export function localExtendedSessions(env: Record<string, string | undefined>): boolean {
    const raw = env[LOCAL_EXTENDED_SESSIONS];
    const parsed = setting.safeParse(raw?.trim() || undefined);
    if (!parsed.success) throw new Error(`${LOCAL_EXTENDED_SESSIONS} must be true or false (got ${JSON.stringify(raw)})`);
    return parsed.data;
}
