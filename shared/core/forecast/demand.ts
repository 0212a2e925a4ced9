// What a day's calls ask for, before pools and credits answer: minutes (and
// their uncovered price) per pool they may draw on, and the minutes no pool
// covers with their price. The run rate averages these, the projection drains
// the pools and credits with them. Money in micro-units; fractions are fine
// here (an average day is not a real day).

export interface DayDemand {
    /** Per pool (`<CC>/<plan>`, a pool the tenant has minutes in): minutes asked and what they cost uncovered. */
    pools: Record<string, { minutes: number; micro: number }>;
    /** Minutes no pool covers (toll-free, PAYG, international on Domestic, a plan without a pool) and their price. */
    otherMinutes: number;
    otherMicro: number;
}

export const noDemand = (): DayDemand => ({ pools: {}, otherMinutes: 0, otherMicro: 0 });

/** Every billable minute asked for: the figure the run rate's level and spread are read on. */
export function demandMinutes(d: DayDemand): number {
    let m = d.otherMinutes;
    for (const p of Object.values(d.pools)) m += p.minutes;
    return m;
}

/** The sum of `days`, each scaled by its weight. */
export function weightedSum(days: ReadonlyArray<{ demand: DayDemand; weight: number }>): DayDemand {
    const out = noDemand();
    for (const { demand, weight } of days) {
        out.otherMinutes += demand.otherMinutes * weight;
        out.otherMicro += demand.otherMicro * weight;
        for (const [key, p] of Object.entries(demand.pools)) {
            const o = (out.pools[key] ??= { minutes: 0, micro: 0 });
            o.minutes += p.minutes * weight;
            o.micro += p.micro * weight;
        }
    }
    return out;
}

export function scaled(d: DayDemand, factor: number): DayDemand {
    return weightedSum([{ demand: d, weight: factor }]);
}
