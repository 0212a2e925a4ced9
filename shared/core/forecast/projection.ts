// The rest of the month, day by day, in the order the rating pays a call:
// the pools drain first, then Communications Credits pay (auto-recharge
// buying more as the rating does), and what is left is overage when overage
// is in force, else refused. Pure: no I/O, no clock. Money in micro-units,
// fractional while projected (rounded once, when the forecast is written).
import type { DayDemand } from './demand';

export interface ProjectionStart {
    /** Minutes left per pool (`<CC>/<plan>`). */
    poolsLeft: Record<string, number>;
    /** Credits: the balance left; null when the customer has none (or they are in another currency). */
    credits: { balanceMicro: number; autoRecharge: { thresholdMicro: number; amountMicro: number } | null } | null;
    /** What credits do not pay is overage (true) or refused (false). */
    overageOn: boolean;
}

export interface Projected {
    billableMinutes: number;
    creditsUsedMicro: number;
    overageMicro: number;
    /** The day (1-based) the last pool the calls draw on runs dry; null: not in the days projected. */
    poolRunsOutOn: number | null;
    /** The day the credits reach zero; null: not in the days projected (or auto-recharge refills them). */
    creditsRunOutOn: number | null;
}

/** Projects `days` (each the day of the month and its expected demand) from `start`. */
export function project(start: ProjectionStart, days: ReadonlyArray<{ day: number; demand: DayDemand }>): Projected {
    const left = { ...start.poolsLeft };
    let balance = start.credits?.balanceMicro ?? 0;
    const recharge = start.credits?.autoRecharge ?? null;
    const out: Projected = { billableMinutes: 0, creditsUsedMicro: 0, overageMicro: 0, poolRunsOutOn: null, creditsRunOutOn: null };
    for (const { day, demand } of days) {
        let cost = demand.otherMicro;
        out.billableMinutes += demand.otherMinutes;
        for (const [key, p] of Object.entries(demand.pools)) {
            if (p.minutes <= 0) continue;
            const had = left[key] ?? 0;
            const covered = Math.min(had, p.minutes);
            left[key] = had - covered;
            const overflow = p.minutes - covered;
            out.billableMinutes += overflow;
            cost += p.micro * (overflow / p.minutes);
            if (had > 0 && left[key] <= 0 && out.poolRunsOutOn === null && allDry(left, demand)) out.poolRunsOutOn = day;
        }
        let paid = 0;
        if (start.credits) {
            if (recharge && recharge.amountMicro > 0) {
                paid = cost;
                balance -= cost;
                if (balance < recharge.thresholdMicro) balance += Math.ceil((recharge.thresholdMicro - balance) / recharge.amountMicro) * recharge.amountMicro;
            } else if (balance > 0) {
                paid = Math.min(balance, cost);
                balance -= paid;
                if (balance <= 0 && out.creditsRunOutOn === null) out.creditsRunOutOn = day;
            }
        }
        out.creditsUsedMicro += paid;
        if (start.overageOn) out.overageMicro += cost - paid;
    }
    return out;
}

/** Every pool this day's calls draw on is dry. */
function allDry(left: Record<string, number>, demand: DayDemand): boolean {
    return Object.entries(demand.pools).every(([key, p]) => p.minutes <= 0 || (left[key] ?? 0) <= 0);
}
