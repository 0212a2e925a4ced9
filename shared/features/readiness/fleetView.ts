// A partner's fleet in memory, in name order with its counts per state,
// blocker and usage pull state, kept as long as the partner's generation stamp is unchanged: one
// point read per request instead of reading ten thousand documents. Made once
// per entry point (handed in), never a global; every instance checks the
// stamp, so a write on another instance is seen at its next request.
import { READINESS_STATES, type ReadinessState } from '../../core/domain/rules/readiness';
import type { ServiceType } from '../../core/domain/subscription';
import type { StateStore } from '../../adapters/state/stateStore';
import { type ReadinessDoc, USAGE_STATES } from './readinessDoc';

type UsageStateName = (typeof USAGE_STATES)[number];
import { generationOf, matches, type ReadinessFilter, readinessOfPartner } from './readinessStore';

export type StateCounts = Record<ReadinessState, number> & { total: number };

export interface Fleet {
    /** The generation these rows are of: answers made from them may be kept under it. */
    stamp: string;
    rows: ReadinessDoc[];
    counts: StateCounts;
    /** How many customers have each blocker code. */
    blockerCounts: Record<string, number>;
    /** How many customers are in each usage pull state. */
    usageCounts: Record<UsageStateName, number>;
    /** The latest assessment among the rows; null for an empty fleet. */
    asOf: string | null;
}

/** How many partners' fleets are kept at once, and how many filters' matches per fleet. */
const KEEP = 50;
const KEEP_FILTERS = 100;

interface Kept { stamp: string; fleet: Promise<Fleet>; matches: Map<string, ReadinessDoc[]> }

export class FleetView {
    private readonly cache = new Map<string, Kept>();

    constructor(private readonly store: StateStore, private readonly service: ServiceType) {}

    async fleet(partnerId: string): Promise<Fleet> {
        return (await this.kept(partnerId)).fleet;
    }

    /** The fleet and the rows `filter` matches, in name order (the matches are kept per filter with the fleet). */
    async filtered(partnerId: string, filter: ReadinessFilter): Promise<Fleet & { matched: ReadinessDoc[] }> {
        const kept = await this.kept(partnerId);
        const fleet = await kept.fleet;
        if (filter.state === undefined && filter.blocker === undefined && filter.usage === undefined && filter.q === undefined) return { ...fleet, matched: fleet.rows };
        const key = `${filter.state ?? ''}\n${filter.blocker ?? ''}\n${filter.usage ?? ''}\n${filter.q?.toLowerCase() ?? ''}`;
        let matched = kept.matches.get(key);
        if (!matched) {
            matched = fleet.rows.filter((d) => matches(d, filter));
            if (kept.matches.size >= KEEP_FILTERS) kept.matches.delete(kept.matches.keys().next().value!);
            kept.matches.set(key, matched);
        }
        return { ...fleet, matched };
    }

    private async kept(partnerId: string): Promise<Kept> {
        const stamp = (await generationOf(this.store, partnerId)) ?? 'none';
        const kept = this.cache.get(partnerId);
        if (kept?.stamp === stamp) return kept;
        const next: Kept = { stamp, matches: new Map(), fleet: readinessOfPartner(this.store, partnerId, this.service).then((rows) => fleetOf(stamp, rows)) };
        this.cache.delete(partnerId);
        if (this.cache.size >= KEEP) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(partnerId, next);
        // a failed read is not kept
        next.fleet.catch(() => this.cache.get(partnerId) === next && this.cache.delete(partnerId));
        return next;
    }
}

function fleetOf(stamp: string, rows: ReadinessDoc[]): Fleet {
    const counts = Object.fromEntries([...READINESS_STATES.map((s) => [s, 0]), ['total', rows.length]]) as StateCounts;
    const blockerCounts: Record<string, number> = {};
    const usageCounts = Object.fromEntries(USAGE_STATES.map((s) => [s, 0])) as Record<UsageStateName, number>;
    let asOf: string | null = null;
    for (const r of rows) {
        counts[r.state]++;
        usageCounts[r.usage?.state ?? 'not-pulled']++;
        for (const code of new Set(r.blockers.map((b) => b.code))) blockerCounts[code] = (blockerCounts[code] ?? 0) + 1;
        if (asOf === null || r.assessedAt > asOf) asOf = r.assessedAt;
    }
    return { stamp, rows, counts, blockerCounts, usageCounts, asOf };
}
