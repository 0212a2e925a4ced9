// Reads one customer's overage view live from Partner Center and the credits
// API, as the agents given: the first that Partner Center shows the customer
// to reads the setting and the credits; every agent that is shown it makes its
// partner a viewer. Calls go through the clients' one retry loop, which waits
// out 429s (Retry-After) within the budget.
import { isoNow } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import type { ServiceType } from '../../core/domain/subscription';
import type { CallBudget, MicrosoftClients, MicrosoftClientsOf } from '../../adapters/microsoftClients';
import { refusalOf } from '../../adapters/partnerCenter/refusals';
import type { PcCustomer } from '../../adapters/partnerCenter/partnerCenterSchemas';
import type { LiveView } from './readModel';

/** The customer as this agent's partner sees it, or null when Partner Center says it is not theirs. */
async function customerSeenBy(ms: MicrosoftClients, customerTenantId: string): Promise<PcCustomer | null> {
    try {
        return await ms.partnerCenter.customer(customerTenantId);
    } catch (err) {
        if (refusalOf(err)) return null;
        throw err;
    }
}

/** The live view, or null when none of the agents' partners has the customer. */
export async function readLive(microsoft: MicrosoftClientsOf, customerTenantId: string, service: ServiceType, agents: Caller[], o: { budget?: CallBudget } = {}): Promise<LiveView | null> {
    const budget = o.budget ?? 'run';
    const asOf = isoNow();
    const viewers: string[] = [];
    let reader: { ms: MicrosoftClients; customer: PcCustomer } | undefined;
    for (const caller of agents) {
        if (viewers.includes(caller.partnerId)) continue;
        const ms = microsoft(caller, budget);
        const customer = await customerSeenBy(ms, customerTenantId);
        if (!customer) continue;
        viewers.push(caller.partnerId);
        reader ??= { ms, customer };
    }
    if (!reader) return null;
    const [overage, { credits }] = await Promise.all([reader.ms.partnerCenter.overage(customerTenantId), reader.ms.credits.credits(customerTenantId)]);
    const item = overage.items.find((x) => x.type === service);
    return {
        customerTenantId, service, asOf, viewers, credits,
        name: reader.customer.companyProfile.companyName,
        overage: item ? { enabled: item.overageEnabled, partnerId: item.partnerId, azureEntitlementId: item.azureEntitlementId } : null,
    };
}
