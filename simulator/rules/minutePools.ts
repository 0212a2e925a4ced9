// Microsoft's minute pools, as the simulator reads them: a tenant's Calling
// Plan and Audio Conferencing licences give it included minutes each UTC
// month, pooled per country (the usage location of the users holding them)
// and per capability (the pools Microsoft's PSTN minute pools report shows:
// one per licence capability and country). Calls draw whole minutes, rounded
// up per call, in start order; what a pool covers Microsoft does not charge.
//
// Which calls a pool covers (DOMAIN.md "Accrual, precisely"):
//   - a domestic plan (MCOPSTN1, MCOPSTN5, MCOPSTN6): outbound calls to the
//     user's own country;
//   - the Domestic and International plan (MCOPSTN2): every outbound call;
//   - Audio Conferencing (MCOMEETADD): a meeting's dial-out to Zone A.
// Pay-As-You-Go, toll-free minutes and anything else are never covered.
import type { MinuteKind } from './pstnRates';

/** The simulator's Zone A: where Audio Conferencing's included dial-out minutes reach. */
export const ZONE_A: readonly string[] = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'AT', 'BE', 'CH', 'SE', 'IE', 'AU', 'JP'];

type Covers = 'domestic' | 'everyOutbound' | 'zoneADialOut';

/** The capabilities that bring a pool, and the calls each covers. */
const COVERS: Readonly<Record<string, Covers>> = {
    MCOPSTN1: 'domestic', MCOPSTN5: 'domestic', MCOPSTN6: 'domestic',
    MCOPSTN2: 'everyOutbound',
    MCOMEETADD: 'zoneADialOut',
};

/** Graph's service plan names whose calls say another capability: Audio Conferencing's plan is MCOMEETADV, its calls MCOMEETADD. */
const CALLS_SAY: Readonly<Record<string, string>> = { MCOMEETADV: 'MCOMEETADD' };

/** North America's Calling Plans include more minutes a licence. */
const LARGE_PLAN_COUNTRIES = new Set(['US', 'PR', 'CA']);

/** The calling capability a service plan gives, or undefined for a plan that brings no pool. */
export function pooledCapabilityOf(servicePlanName: string): string | undefined {
    const capability = CALLS_SAY[servicePlanName] ?? servicePlanName;
    return COVERS[capability] ? capability : undefined;
}

/**
 * Microsoft's published minutes a licence of `capability` includes in
 * `country`, for a licence whose world entry does not say (a bundle's other
 * capability, such as an E5's Audio Conferencing).
 */
export function publishedMinutes(capability: string, country: string): number {
    switch (capability) {
        case 'MCOPSTN1':
        case 'MCOPSTN2':
            return LARGE_PLAN_COUNTRIES.has(country) ? 3000 : 1200;
        case 'MCOPSTN5':
            return 120;
        case 'MCOPSTN6':
            return 240;
        case 'MCOMEETADD':
            return 60;
        default:
            return 0;
    }
}

export const poolKey = (country: string, capability: string) => `${country}/${capability}`;

export interface CallForPool {
    /** What kind of minute the tenant pays for (rules/pstnCharge.ts); null for a call it never pays. */
    kind: MinuteKind | null;
    capability: string | null;
    /** The user's usage location. */
    usageCountry: string | null;
    /** The country called. */
    destination: string | null;
    destinationContext: 'Domestic' | 'International' | null;
}

/** The pool a call may draw on, or null when no plan covers it. */
export function poolOf(call: CallForPool): string | null {
    if (call.capability === null || call.usageCountry === null) return null;
    const covers = COVERS[call.capability];
    const covered = (covers === 'everyOutbound' && call.kind === 'calling')
        || (covers === 'domestic' && call.kind === 'calling' && isDomestic(call))
        || (covers === 'zoneADialOut' && call.kind === 'conferencing' && call.destination !== null && ZONE_A.includes(call.destination));
    return covered ? poolKey(call.usageCountry, call.capability) : null;
}

/** Microsoft's own word on the call when its row gives one, else the country called against the user's. */
function isDomestic(call: CallForPool): boolean {
    if (call.destinationContext !== null) return call.destinationContext === 'Domestic';
    return call.destination !== null && call.destination === call.usageCountry;
}

/** A tenant's pools in one month: included minutes per pool, drawn as calls come, in start order. */
export class MinutePools {
    private readonly left: Map<string, number>;

    constructor(included: ReadonlyMap<string, number>) {
        this.left = new Map(included);
    }

    /** Takes up to `minutes` from `pool` and answers how many it covered. */
    draw(pool: string | null, minutes: number): number {
        if (pool === null) return 0;
        const left = this.left.get(pool) ?? 0;
        const covered = Math.min(left, minutes);
        if (covered > 0) this.left.set(pool, left - covered);
        return covered;
    }
}
