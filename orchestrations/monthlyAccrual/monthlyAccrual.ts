// monthlyAccrual: rate every customer of a month, a batch of customers at a
// time (activities in parallel), with customStatus showing done/total. After
// a few batches the run continues as new, carrying its progress, so its
// history stays bounded however many customers there are. A customer whose
// rating fails is reported, not retried forever: the month goes on.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { AccrualInput, AccrualOutcome } from '../../shared/core/steps/accrualInput';
import { accrueCustomer, listAccrualCustomers, notifyReconciliation, snapshotCredits } from '../../shared/core/steps/accrualSteps';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { call, callAll } from '../call';

/** Customers rated in parallel. */
const BATCH = 25;
/** Batches per execution before continueAsNew. */
const BATCHES_PER_EXECUTION = 8;

export function* monthlyAccrual(ctx: OrchestrationContext): Generator<df.Task, AccrualOutcome | undefined, unknown> {
    const input = AccrualInput.parse(ctx.df.getInput());
    const at = ctx.df.currentUtcDateTime.toISOString();
    let progress = input.progress;
    if (!progress) {
        if (input.snapshotMonth) yield* call(ctx, snapshotCredits, { month: input.snapshotMonth, at });
        const { customers } = yield* call(ctx, listAccrualCustomers, { month: input.month, caller: input.caller });
        progress = { customers, done: 0, partnerIds: [], incomplete: [], failed: [] };
    }
    const status = () => ctx.df.setCustomStatus({ month: input.month, done: progress!.done, total: progress!.customers.length, incomplete: progress!.incomplete.length, failed: progress!.failed.length });
    status();
    for (let b = 0; b < BATCHES_PER_EXECUTION && progress.done < progress.customers.length; b++) {
        const batch = progress.customers.slice(progress.done, progress.done + BATCH);
        // a partner's own run writes only its own lines
        const scope = input.caller ? { partnerId: input.caller.partnerId } : {};
        const results = yield* callAll(ctx, accrueCustomer, batch.map((customerTenantId) => ({ customerTenantId, month: input.month, at, ...scope })));
        for (const r of results) {
            if (r.status === 'incomplete') progress.incomplete.push(r.customerTenantId);
            if (r.status === 'failed') progress.failed.push({ customerTenantId: r.customerTenantId, error: r.error ?? 'failed' });
            progress.partnerIds = [...new Set([...progress.partnerIds, ...r.partnerIds])].sort();
        }
        progress.done += batch.length;
        status();
    }
    if (progress.done < progress.customers.length) {
        ctx.df.continueAsNew({ ...input, progress });
        return undefined;
    }
    // a partner's own run re-rates customers whose month has other partners' lines too: it tells and names only its partner
    const partnerIds = input.caller ? progress.partnerIds.filter((p) => p === input.caller!.partnerId) : progress.partnerIds;
    yield* call(ctx, notifyReconciliation, { month: input.month, partnerIds, runId: ctx.df.instanceId });
    return { month: input.month, customers: progress.customers.length, incomplete: progress.incomplete, failed: progress.failed, partnerIds };
}

df.app.orchestration(ORCHESTRATIONS.accrual, monthlyAccrual);
