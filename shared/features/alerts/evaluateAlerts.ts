// A customer's alert thresholds against its month to date, after an import or
// a pull: every partner that set thresholds for the customer gets the alerts
// its thresholds crossed, each recorded once per customer, month and
// threshold. The month to date is handed in (monthToDate of
// shared/features/forecast), so this neither rates nor knows how it is rated.
import type { MonthToDate } from '../../core/forecast/monthToDate';
import { crossedThresholds } from '../../core/alerts/crossedThresholds';
import type { Clock } from '../../core/clock';
import type { StateStore } from '../../adapters/state/stateStore';
import { type AlertDoc, recordAlert } from './alertStore';
import { customerThresholds } from './thresholdStore';

/** The customer's month to date at `at`, its overage that of `partnerId`'s lines (each partner is alerted about its own bill). */
export type MonthToDateReader = (customerTenantId: string, at: number, partnerId: string) => Promise<MonthToDate>;

export interface EvaluationDeps {
    stateStore: StateStore;
    clock: Clock;
    monthToDate: MonthToDateReader;
}

/** What this evaluation fired, by partner: alerts it recorded now, or recorded before it was run again (the same evaluationId). */
export async function evaluateAlerts(deps: EvaluationDeps, customerTenantId: string, evaluationId: string): Promise<Map<string, AlertDoc[]>> {
    const fired = new Map<string, AlertDoc[]>();
    const watching = await customerThresholds(deps.stateStore, customerTenantId);
    if (watching.length === 0) return fired; // nobody asked: the month is not even rated
    const at = deps.clock.now();
    const firedAt = new Date(at).toISOString();
    for (const t of watching) {
        const mtd = await deps.monthToDate(customerTenantId, at, t.partnerId);
        for (const crossing of crossedThresholds(t, mtd)) {
            const alert = await recordAlert(deps.stateStore, { partnerId: t.partnerId, customerTenantId, month: mtd.month, firedAt, mailCustomerAdmin: t.mailCustomerAdmin, evaluationId, crossing });
            if (alert.evaluationId === evaluationId) fired.set(t.partnerId, [...(fired.get(t.partnerId) ?? []), alert]);
        }
    }
    return fired;
}
