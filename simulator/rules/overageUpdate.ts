// Why Partner Center refuses an overage update (PUT .../subscriptions/overage),
// checked in the order the service meets them: who asks and for whom, whether
// the customer can have overage at all, who holds the record, and, when
// switching it on, the Azure subscription named and what would stop Microsoft
// from setting it up.
import type { Customer, World } from '../world';
import { refuseOverageSubscription } from './azurePlan';
import { Caller, isRefusal, overageActingFor } from './overageActor';
import { refuseIneligibleCustomer } from './overageEligibility';
import { refuseNotHolder, ServiceType } from './overageRecord';
import type { Refusal } from './refusal';
import { refuseNotReady } from './tenantReadiness';

export interface OverageUpdate {
    type: ServiceType;
    azureEntitlementId: string | null;
    overageEnabled: boolean;
    /** Two-tier only: the indirect reseller the provider acts for. */
    partnerId?: string;
}

/** The partner the record will name, or the refusal. */
export function decideOverageUpdate(world: World, caller: Caller, customer: Customer, update: OverageUpdate): { actingForPartnerId: string } | Refusal {
    const actor = overageActingFor(world, caller, update.partnerId);
    if (isRefusal(actor)) return actor;
    const refused = refuseIneligibleCustomer(customer)
        ?? refuseNotHolder(customer, update.type, actor.actingFor.id)
        ?? (update.overageEnabled && update.azureEntitlementId !== null
            ? refuseOverageSubscription(customer, update.azureEntitlementId) ?? refuseNotReady(caller.partner, customer)
            : undefined);
    return refused ?? { actingForPartnerId: actor.actingFor.id };
}
