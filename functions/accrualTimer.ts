// The monthly accrual's timer: at 02:00 UTC on the 1st (ACCRUAL_SCHEDULE, a
// six-field NCRONTAB expression, overrides it) it records every customer's
// opening credits for the month that began and rates the month that ended.
import * as df from 'durable-functions';
import type { AccrualInput } from '../shared/core/steps/accrualInput';
import { ORCHESTRATIONS } from '../shared/core/steps/orchestrationNames';
import type { Dependencies } from '../shared/adapters/dependencies';
import { monthOf, previousMonth } from '../shared/core/rating/month';

export const DEFAULT_ACCRUAL_SCHEDULE = '0 0 2 1 * *';

export function registerAccrualTimer(deps: Dependencies): void {
    df.app.client.timer('monthlyAccrualTimer', {
        schedule: deps.env.ACCRUAL_SCHEDULE ?? DEFAULT_ACCRUAL_SCHEDULE,
        handler: async (_timer, client, ctx) => {
            const now = deps.clock.now();
            const month = previousMonth(now);
            const input: AccrualInput = { month, snapshotMonth: monthOf(now), requestedAt: new Date(now).toISOString() };
            // one timer run per month: a second firing (a restart, a past-due catch-up) finds it
            const id = `${ORCHESTRATIONS.accrual}-${month}-timer`;
            const existing = await client.getStatus(id).catch(() => undefined);
            if (existing && ['Running', 'Pending', 'Completed', 'ContinuedAsNew'].includes(existing.runtimeStatus)) {
                ctx.log(`Accrual of ${month} already ran (${existing.runtimeStatus}).`);
                return;
            }
            await client.startNew(ORCHESTRATIONS.accrual, { instanceId: id, input });
            ctx.log(`Accrual of ${month} started (${id}).`);
        },
    });
}
