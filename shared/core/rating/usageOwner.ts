// Usage has an owner (docs/domain.md "Usage has an owner", DOMAIN.md accrual
// rule 7): a call a partner supplied counts for a bill only when the overage
// setting in force at its start is that partner's own (enabled or None, as the
// app's setting history has it, the adopted setting included). Microsoft's
// records are the reference and always count. Pure: the import checks rows
// with it, and the rating checks them again, since the history may have
// changed in between.
import type { SettingInForce, UsageSource } from './ratingModel';

export function partnerSource(partnerId: string): UsageSource {
    return { kind: 'partner', partnerId };
}

/** Why a call does not count for its supplier: no setting was in force at its start, or another partner's was. */
export type NotOwned = 'no-setting' | 'another-partner';

/** Settings sorted by `from`, stable: of two from the same instant the one given last is in force (as the rating reads them). */
export function sortedSettings(settings: readonly SettingInForce[]): SettingInForce[] {
    return [...settings].sort((a, b) => (a.from === b.from ? 0 : a.from < b.from ? -1 : 1));
}

/** The setting in force at `at` among sorted settings: the last whose `from` ≤ at. */
export function settingAt(sorted: readonly SettingInForce[], at: number): SettingInForce | undefined {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid].from <= at) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 ? sorted[lo - 1] : undefined;
}

/** Whether a call `source` supplied, starting under `inForce`, counts; undefined when it does. */
export function notOwned(source: UsageSource | undefined, inForce: SettingInForce | undefined): NotOwned | undefined {
    if (source === undefined || source.kind === 'microsoft') return undefined;
    if (inForce === undefined) return 'no-setting';
    return inForce.partnerId === source.partnerId ? undefined : 'another-partner';
}

/**
 * The order of copies of one call (the same UsageId at the same start) from
 * several suppliers: Microsoft's first (the reference), then partners by id.
 */
export function sourceKey(source: UsageSource | undefined): string {
    return source === undefined || source.kind === 'microsoft' ? '' : `p:${source.partnerId}`;
}


/** A partner's own spans of time, for telling it which calls it may import ([from, to), epoch ms; ±Infinity open). */
export function ownPeriods(sorted: readonly SettingInForce[], partnerId: string): Array<{ from: number; to: number }> {
    const periods: Array<{ from: number; to: number }> = [];
    sorted.forEach((s, i) => {
        const to = i + 1 < sorted.length ? sorted[i + 1].from : Infinity;
        if (s.partnerId !== partnerId || !(to > s.from)) return;
        const last = periods[periods.length - 1];
        if (last && last.to === s.from) last.to = to;
        else periods.push({ from: s.from, to });
    });
    return periods;
}
