// A partner that asks for a customer's overage read live (`?refresh=true`)
// has usually just fixed something at Microsoft (GDAP granted, the MCA
// accepted): its fleet row for the customer is assessed again with the same
// reads, so the actions withheld for a blocker found earlier are offered as
// soon as the blocker is gone, not at the next sync. A failed assessment
// keeps the row as it was; the answer is not refused for it.
import type { Caller } from '../../core/domain/partner';
import type { ServiceType } from '../../core/domain/subscription';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { StateStore } from '../../adapters/state/stateStore';
import { assessCustomer } from './assessReadiness';
import { fleetPartner } from './fleetPartner';
import type { ReadinessDoc } from './readinessDoc';
import { readReadiness, saveReadiness, touch } from './readinessStore';

export async function reassessOnRefresh(ms: MicrosoftClients, store: StateStore, caller: Caller, customerTenantId: string, service: ServiceType, log: (message: string) => void = () => {}): Promise<void> {
    const doc = await readReadiness(store, caller.partnerId, customerTenantId, service);
    if (!doc) return; // not in the fleet yet: the next sync assesses it
    try {
        const [partner, customer] = await Promise.all([fleetPartner(ms, caller.partnerId), ms.partnerCenter.customer(customerTenantId)]);
        const fresh = (await assessCustomer(ms, store, partner, customer, service, 'refresh')).doc;
        const { forecast } = doc as ReadinessDoc;
        // the month's forecast is the last usage import's: kept
        await saveReadiness(store, { ...fresh, ...(forecast ? { forecast } : {}) });
        await touch(store, caller.partnerId);
    } catch (err) {
        log(`fleet: ${customerTenantId} not assessed again on refresh for partner ${caller.partnerId}: ${err instanceof Error ? err.message : String(err)}`);
    }
}
