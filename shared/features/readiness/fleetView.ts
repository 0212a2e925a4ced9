// A partner's fleet in memory, in name order with its counts per state, kept
// as long as the partner's generation stamp is unchanged: one point read per
// request instead of reading ten thousand documents. Made once per entry
// point (handed in), never a global; every instance checks the stamp, so a
// write on another instance is seen at its next request.
import { READINESS_STATES, type ReadinessState } from '../../core/domain/rules/readiness';
import type { ServiceType } from '../../core/domain/subscription';
import type { StateStore } from '../../adapters/state/stateStore';
import type { ReadinessDoc } from './readinessDoc';
import { generationOf, matches, type ReadinessFilter, readinessOfPartner } from './readinessStore';

export type StateCounts = Record<ReadinessState, number> & { total: number };

export interface Fleet {
    rows: ReadinessDoc[];
    counts: StateCounts;
    /** The latest assessment among the rows; null for an empty fleet. */
    asOf: string | null;
}

/** How many partners' fleets are kept at once. */
const KEEP = 50;

export class FleetView {
    private readonly cache = new Map<string, { stamp: string; fleet: Promise<Fleet> }>();

    constructor(private readonly store: StateStore, private readonly service: ServiceType) {}

    async fleet(partnerId: string): Promise<Fleet> {
        const stamp = (await generationOf(this.store, partnerId)) ?? 'none';
        const kept = this.cache.get(partnerId);
        if (kept?.stamp === stamp) return kept.fleet;
        const fleet = readinessOfPartner(this.store, partnerId, this.service).then(fleetOf);
        this.cache.delete(partnerId);
        if (this.cache.size >= KEEP) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(partnerId, { stamp, fleet });
        // a failed read is not kept
        fleet.catch(() => this.cache.get(partnerId)?.fleet === fleet && this.cache.delete(partnerId));
        return fleet;
    }

    async filtered(partnerId: string, filter: ReadinessFilter): Promise<Fleet & { matched: ReadinessDoc[] }> {
        const fleet = await this.fleet(partnerId);
        const any = filter.state !== undefined || filter.blocker !== undefined || filter.q !== undefined;
        return { ...fleet, matched: any ? fleet.rows.filter((d) => matches(d, filter)) : fleet.rows };
    }
}

function fleetOf(rows: ReadinessDoc[]): Fleet {
    const counts = Object.fromEntries([...READINESS_STATES.map((s) => [s, 0]), ['total', rows.length]]) as StateCounts;
    let asOf: string | null = null;
    for (const r of rows) {
        counts[r.state]++;
        if (asOf === null || r.assessedAt > asOf) asOf = r.assessedAt;
    }
    return { rows, counts, asOf };
}
