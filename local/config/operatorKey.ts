// The host's operator key (Azure's "system key": the admin API, the Durable
// HTTP API and the app's operator routes take it): DURABLE_SYSTEM_KEY when
// set, else one generated on the first start and kept in DATA_DIR, so it
// survives restarts and `npm run key` can read it back for a person.
import { randomBytes } from 'node:crypto';
import type { Kv } from '../../shared/adapters/embedded/embeddedKv';

const TABLE = 'host-keys';
const KEY = 'durabletask_extension';

/** The key kept in the host's store, if one was generated. */
export function storedSystemKey(kv: Kv): string | undefined {
    return kv.get<string>(TABLE, KEY);
}

/** The key the host runs with: configured, kept, or generated now and kept. */
export async function loadSystemKey(kv: Kv, env: Record<string, string | undefined> = process.env): Promise<string> {
    if (env.DURABLE_SYSTEM_KEY) return env.DURABLE_SYSTEM_KEY;
    const existing = storedSystemKey(kv);
    if (existing) return existing;
    const key = randomBytes(24).toString('base64url');
    await kv.commit([{ table: TABLE, key: KEY, value: key }]);
    return key;
}
