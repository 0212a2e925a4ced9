// The new partner's Azure subscription by its friendly name, for that partner
// only: it is in the new partner's billing, which neither the current partner
// nor anyone else may read. `new` (a subscription the handover will create)
// has no name yet.
import type { Caller } from '../../core/domain/partner';
import type { StoredHandover } from '../../core/handover/handoverSchemas';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import { partnerProfile } from '../partners/partnerNames';
import { azureSubscriptionName } from '../overage/subscriptionNames';

/** The name, or null: not the caller's partner's subscription, not made yet, or not readable now (the id still says which). */
export async function handoverSubscriptionName(deps: Pick<Dependencies, 'microsoft' | 'env' | 'clock'>, ms: MicrosoftClients, caller: Caller, h: StoredHandover): Promise<string | null> {
    const id = h.azureEntitlementId ?? h.request.azureEntitlementId;
    if (h.state.toPartnerId !== caller.partnerId) return null;
    try {
        return await azureSubscriptionName(ms, deps.clock, caller, await partnerProfile(deps, caller), h.customerTenantId, id);
    } catch {
        return null;
    }
}
