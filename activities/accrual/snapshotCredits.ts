// The opening Communications Credits balance of a month, for every customer
// the app knows (a recorded overage setting, or usage the month before),
// recorded before the month that just ended is rated.
import { callerFor } from '../../shared/features/accrual/customerCaller';
import { recordCreditsSnapshot } from '../../shared/features/accrual/creditsSnapshot';
import { monthBounds, previousMonth } from '../../shared/core/rating/month';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { customersWithUsage } from '../../shared/features/usage/usageStore';
import { snapshotCredits } from '../../shared/core/steps/accrualSteps';
import { implement } from '../implement';

export const snapshotCreditsActivity = implement(snapshotCredits, async ({ month, at }, deps, ctx) => {
    const store = deps.stateStore;
    const settings = await store.query<{ id: string; customerTenantId: string }>(CONTAINERS.settings, {});
    const customers = [...new Set([...settings.map((s) => s.customerTenantId), ...(await customersWithUsage(store, previousMonth(monthBounds(month).start)))])];
    let recorded = 0;
    let failed = 0;
    for (const customerTenantId of customers) {
        // one customer that cannot be read must not stop the month: its rating uses the balance read then, with a warning
        try {
            const caller = await callerFor(deps, customerTenantId);
            if (!caller) continue;
            const { credits } = await deps.microsoft(caller).credits.credits(customerTenantId);
            if (await recordCreditsSnapshot(store, customerTenantId, month, credits, at)) recorded++;
        } catch (err) {
            failed++;
            ctx.warn(`snapshotCredits ${customerTenantId} ${month}: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    return { customers: customers.length, recorded, failed };
});
