// The friendly name of a customer's Azure subscription (e.g. "Lucerne
// Archive"), as the enablement run reads the subscriptions (azureStanding).
// Kept ten minutes per partner and customer: names rarely change, and an
// answer served from the read model should not cost a billing call each
// time. An id not among those kept (a subscription a run just created) is
// read again, at most every 30 s.
import { z } from 'zod';
import type { Caller } from '../../core/domain/partner';
import type { Clock } from '../../core/clock';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { KeptReads } from '../partners/keptReads';
import { azureStanding } from './azureStanding';

export const SUBSCRIPTION_NAMES_TTL_MS = 10 * 60_000;
/** An id not among the names kept is looked up again only when they were read longer ago than this. */
const MISS_REREAD_MS = 30_000;

const kept = new KeptReads<Map<string, string>>(SUBSCRIPTION_NAMES_TTL_MS);

const SubscriptionId = z.guid();

/** The name, or null when the caller's partner cannot see the subscription (another partner's, or gone) or `id` is none (`new`). */
export async function azureSubscriptionName(ms: MicrosoftClients, clock: Clock, caller: Caller, profile: PcPartnerProfile, customerTenantId: string, id: string): Promise<string | null> {
    if (!SubscriptionId.safeParse(id).success) return null; // a subscription still to be made has no name, and costs no read
    const key = `${caller.partnerId}\n${customerTenantId}`;
    const read = async () => {
        const azure = await azureStanding(ms, profile.partnerType === 'indirectReseller' ? null : caller.partnerId, customerTenantId);
        return new Map(azure.entitlements.map((e) => [e.id.toLowerCase(), e.name]));
    };
    const names = await kept.get(key, clock.now(), read);
    if (names.has(id.toLowerCase())) return names.get(id.toLowerCase())!;
    // not among them: read again, unless just read (a gone or foreign id would otherwise cost a billing call on every answer)
    return (await kept.get(key, clock.now(), read, MISS_REREAD_MS)).get(id.toLowerCase()) ?? null;
}
