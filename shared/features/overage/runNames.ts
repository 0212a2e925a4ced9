// The names a run's answer carries beside its ids: the partner that ran it,
// the partner a handover goes to, the reseller a provider acted for (each a
// legal business name, as GET /api/partners gives them), and the Azure
// subscription's friendly name where the caller's partner bills it (its own
// billing is the only place it may read it from). A name that cannot be read
// is null: the id still says which.
import type { Caller } from '../../core/domain/partner';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import { partnerNames, partnerProfile } from '../partners/partnerNames';
import type { StoredRun } from './runs';
import { azureSubscriptionName } from './subscriptionNames';

type NamesDeps = Pick<Dependencies, 'microsoft' | 'env' | 'clock'>;

export interface RunNames {
    partnerName: string | null;
    /** A handover's new partner. */
    toPartnerName: string | null;
    /** Two-tier: the reseller the run acted for. */
    resellerPartnerName: string | null;
    azureSubscriptionName: string | null;
}

export const NO_NAMES: RunNames = { partnerName: null, toPartnerName: null, resellerPartnerName: null, azureSubscriptionName: null };

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The partners a run names: who ran it, a handover's new partner, the reseller acted for. */
function partnersOf(run: StoredRun): { to?: string; reseller?: string } {
    return { to: text(run.request.toPartnerId), reseller: text(run.request.resellerPartnerId) };
}

/** The subscription the run charged (its outcome) or was asked for (an id, or `new`). */
function subscriptionOf(run: StoredRun): string | undefined {
    return text(run.ended?.outcome?.azureEntitlementId) ?? text(run.request.azureEntitlementId);
}

/** Names for each run, by run id; partner names are read once for all of them. */
export async function runNames(deps: NamesDeps, ms: MicrosoftClients, caller: Caller, runs: readonly StoredRun[]): Promise<Map<string, RunNames>> {
    const ids = runs.flatMap((r) => { const p = partnersOf(r); return [r.partnerId, p.to, p.reseller].filter((x): x is string => Boolean(x)); });
    const names = await partnerNames(deps, caller, ids);
    const profile = await partnerProfile(deps, caller).catch(() => null);
    const named = await Promise.all(runs.map(async (run): Promise<[string, RunNames]> => {
        const p = partnersOf(run);
        const id = subscriptionOf(run);
        // whose subscription it is: a handover's new partner's, else the partner that ran it (for its reseller too)
        const billedBy = run.kind === 'handover' ? p.to : run.partnerId;
        const subscription = id && profile && billedBy === caller.partnerId
            ? await azureSubscriptionName(ms, deps.clock, caller, profile, run.customerTenantId, id).catch(() => null)
            : null;
        return [run.id, {
            partnerName: names.get(run.partnerId) ?? null,
            toPartnerName: p.to ? names.get(p.to) ?? null : null,
            resellerPartnerName: p.reseller ? names.get(p.reseller) ?? null : null,
            azureSubscriptionName: subscription,
        }];
    }));
    return new Map(named);
}
