// enablementJob: a partner's bulk enablement, one enablement run per customer
// of its selection, in the job's order, with at most `concurrency` runs in
// flight. Each round it publishes its counts (and learns of a cancel), starts
// customers while the window has room, and once the window is full, or
// nothing is left to start, waits `pollMs` on a durable timer and reads the
// running items' runs. Every few rounds it continues as new with its cursor,
// so its history stays small however many customers the job has. A cancel
// starts nothing more (everything not started is skipped); the runs already
// under way finish and are recorded.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { faultOf } from '../../shared/core/faults/stepFault';
import { checkJobRuns, JobInput, JobOutcome, nextJobCustomers, recordJobProgress, startJobCustomer } from '../../shared/core/steps/jobSteps';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { call, callAll, sleep } from '../call';

/** Rounds per execution before continueAsNew: a round is at most a handful of events plus one start per free slot. */
export const ROUNDS_PER_EXECUTION = 20;

export function* enablementJob(ctx: OrchestrationContext): Generator<df.Task, JobOutcome | undefined, unknown> {
    const input = JobInput.parse(ctx.df.getInput());
    const job = { jobId: input.jobId, partnerId: input.partnerId };
    const c = input.cursor;
    const now = () => ctx.df.currentUtcDateTime.toISOString();
    try {
        for (let round = 0; ; round++) {
            const { cancelRequested } = yield* call(ctx, recordJobProgress, { ...job, counts: c.counts, skippedFrom: c.skippedFrom, end: null });
            if (cancelRequested && c.skippedFrom === null) {
                // nothing more starts: every customer not started yet is skipped
                c.skippedFrom = c.next;
                c.counts.skipped += c.counts.queued;
                c.counts.queued = 0;
                c.next = input.total;
            }
            const free = input.concurrency - c.running.length;
            if (free > 0 && c.next < input.total) {
                const { customers, next } = yield* call(ctx, nextJobCustomers, { ...job, from: c.next, count: free });
                const started = yield* callAll(ctx, startJobCustomer, customers.map((customer) => ({ ...job, caller: input.caller, options: input.options, customer })));
                customers.forEach((customer, i) => {
                    const { outcome, runId } = started[i];
                    const running = outcome === 'running' && runId !== null;
                    c.counts.queued--;
                    c.counts[running ? 'running' : outcome === 'running' ? 'failed' : outcome]++;
                    if (running) c.running.push({ index: customer.index, customerTenantId: customer.customerTenantId, name: customer.name, runId });
                });
                c.next = next;
            }
            if (c.running.length === 0 && c.next >= input.total) break;
            // some started customers did not take a slot (skipped, refused): fill the window first
            if (c.running.length >= input.concurrency || c.next >= input.total) {
                yield* sleep(ctx, input.pollMs);
                const { ended } = yield* call(ctx, checkJobRuns, { ...job, runs: c.running });
                for (const e of ended) {
                    c.counts.running--;
                    c.counts[e.outcome]++;
                }
                const done = new Set(ended.map((e) => e.index));
                c.running = c.running.filter((r) => !done.has(r.index));
            }
            if (round + 1 >= ROUNDS_PER_EXECUTION) {
                ctx.df.continueAsNew({ ...input, cursor: c });
                return undefined;
            }
        }
    } catch (err) {
        // a fault of the job's own steps (its store): the job says so; runs it started go on by themselves
        const fault = faultOf(err);
        yield* call(ctx, recordJobProgress, { ...job, counts: c.counts, skippedFrom: c.skippedFrom, end: { status: 'failed', at: now(), error: `${fault.code}: ${fault.detail}` } });
        throw new Error(`${fault.code}: ${fault.detail}`);
    }
    const status = c.skippedFrom === null ? 'completed' : 'cancelled';
    yield* call(ctx, recordJobProgress, { ...job, counts: c.counts, skippedFrom: c.skippedFrom, end: { status, at: now() } });
    return { status, counts: c.counts };
}

df.app.orchestration(ORCHESTRATIONS.job, enablementJob);
