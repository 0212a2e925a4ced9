// Outbound tokens when running on the local host: the simulator mints them for
// the agent the app acts for, with the audience of the API being called (the
// scope without `/.default`), as Entra ID would.
import type { TokenProvider } from './tokenProviders';

export interface TokenCaller {
    partnerId: string;
    upn: string;
    roles: readonly string[];
}

export function simulatorTokenProvider(localHostUrl: string, caller: TokenCaller): TokenProvider {
    const cache = new Map<string, { token: string; until: number }>();
    return async (scope) => {
        const audience = scope.replace(/\/\.default$/, scope.startsWith('https://management.azure.com') ? '/' : '');
        const hit = cache.get(audience);
        // eslint-disable-next-line no-restricted-properties -- a token's lifetime (expires_in) is a duration: process time
        if (hit && hit.until > Date.now()) return hit.token;
        const res = await fetch(`${localHostUrl}/simulator/token`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...caller, audience }), signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`The simulator refused a token for ${caller.upn} (${audience}): HTTP ${res.status} ${await res.text()}`);
        const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
        // eslint-disable-next-line no-restricted-properties -- a token's lifetime (expires_in) is a duration: process time
        cache.set(audience, { token: access_token, until: Date.now() + (expires_in - 60) * 1000 });
        return access_token;
    };
}
