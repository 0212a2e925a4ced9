// Which served partner's agent can read a customer at Partner Center (the
// first one that can); kept per process, since relationships rarely change.
import type { Caller } from '../../core/domain/partner';
import type { Dependencies } from '../../adapters/dependencies';
import { UpstreamNotFoundError } from '../../adapters/http/httpClient';
import type { MicrosoftClientsOf } from '../../adapters/microsoftClients';
import { servedAgents } from '../../adapters/partnerCenter/servedPartners';

const known = new Map<string, Caller>();

export async function callerFor({ microsoft, env }: Pick<Dependencies, 'microsoft' | 'env'>, customerTenantId: string): Promise<Caller | undefined> {
    const hit = known.get(customerTenantId);
    if (hit) return hit;
    for (const caller of servedAgents(env)) {
        try {
            await microsoft(caller).partnerCenter.customer(customerTenantId);
            known.set(customerTenantId, caller);
            return caller;
        } catch (err) {
            if (!(err instanceof UpstreamNotFoundError)) throw err;
        }
    }
    return undefined;
}

/** Whether `agent`'s partner has the customer. */
export async function hasCustomer(microsoft: MicrosoftClientsOf, caller: Caller, customerTenantId: string): Promise<boolean> {
    try {
        await microsoft(caller).partnerCenter.customer(customerTenantId);
        return true;
    } catch (err) {
        if (err instanceof UpstreamNotFoundError) return false;
        throw err;
    }
}
