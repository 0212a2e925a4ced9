// The local host's extended sessions (local/durable/extendedSessions.ts) are
// its own optimisation, switched by its own setting. host.json cannot carry
// them: in Azure the Durable extension supports extendedSessionsEnabled only
// for .NET (a Node app gets a warning, or a start-up error with the
// isolated-worker extension), so Node orchestrations replay their history on
// every episode there.

export const LOCAL_EXTENDED_SESSIONS = 'LOCAL_EXTENDED_SESSIONS';

const ON = new Set(['true', '1', 'on']);
const OFF = new Set(['false', '0', 'off']);

/** On unless LOCAL_EXTENDED_SESSIONS turns them off, so `npm start` and the tests run as they always have. */
export function localExtendedSessions(env: Record<string, string | undefined>): boolean {
    const raw = env[LOCAL_EXTENDED_SESSIONS];
    const value = raw?.trim().toLowerCase() ?? '';
    if (value === '' || ON.has(value)) return true;
    if (OFF.has(value)) return false;
    throw new Error(`${LOCAL_EXTENDED_SESSIONS} must be true or false (got ${JSON.stringify(raw)})`);
}
