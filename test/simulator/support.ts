// Calling the simulated services the way any client would: a token from
// POST /simulator/token for the service's audience, then plain HTTP.
import { AGENTS as APP_AGENTS } from '../helpers/appHost';
import type { SimulatorHost } from '../helpers/simulatorHost';

export type Agent = { partnerId: string; upn: string; roles: readonly string[] };

export const AUDIENCE = {
    partnerCenter: 'https://api.partnercenter.microsoft.com',
    arm: 'https://management.azure.com/',
    graph: 'https://graph.microsoft.com',
} as const;

export const AGENTS = {
    ...APP_AGENTS,
    contosoGlobalAdmin: { partnerId: '1001', upn: 'ga@contoso-telecom.example', roles: ['GlobalAdmin'] },
} as const;

/** Demo-world tenant `NN` (see simulator/worlds/README.md). */
export const tenant = (nn: number) => `10000000-0000-4000-8000-0000000000${String(nn).padStart(2, '0')}`;
/** Demo-world Azure entitlement `NN`. */
export const entitlement = (nn: number) => `30000000-0000-4000-8000-0000000000${String(nn).padStart(2, '0')}`;

export async function tokenFor(sim: SimulatorHost, caller: Agent, audience: string): Promise<string> {
    const res = await sim.call('POST', '/simulator/token', { ...caller, audience });
    if (res.status !== 200) throw new Error(`no token for ${caller.upn}: ${res.status} ${res.text}`);
    return res.json.access_token;
}

/** `call(method, path, body?)` against one simulated service, as `agent`. */
export function asAgent(sim: SimulatorHost, caller: Agent, service: 'partnercenter' | 'arm' | 'graph' | 'credits') {
    const audience = service === 'arm' ? AUDIENCE.arm : service === 'graph' ? AUDIENCE.graph : AUDIENCE.partnerCenter;
    return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        sim.call(method, `/simulator/${service}${path}`, body, { authorization: `Bearer ${await tokenFor(sim, caller, audience)}`, ...headers });
}
