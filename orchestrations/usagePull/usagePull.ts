// usagePull: every day (the timer usagePullTimer), pull each known customer's
// usage from Microsoft Graph. The first step writes the roster to the store;
// then a page of it at a time, the customers are pulled `concurrency` at once
// (activities in parallel), with customStatus showing done/total. A customer
// whose pull fails is counted and reported, never retried here: its cursor
// stays, so tomorrow's pull reads its days again. After a few pages the run
// continues as new with a cursor into the roster, so its history and input
// stay small however many customers there are.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import {
    CustomerPull, endUsagePull, listUsagePullCustomers, nextUsagePullCustomers, pullCustomerUsage, UsagePullInput, UsagePullOutcome, UsagePullProgress,
} from '../../shared/core/steps/usagePullSteps';
import { call, callAll } from '../call';

/** Customers read from the roster at a time. */
export const PAGE = 100;
/** Pages per execution before continueAsNew. */
const PAGES_PER_EXECUTION = 2;
/** Failures kept by name in the outcome; the rest are counted. */
const FAILURES_KEPT = 100;

export function* usagePull(ctx: OrchestrationContext): Generator<df.Task, UsagePullOutcome | undefined, unknown> {
    const input = UsagePullInput.parse(ctx.df.getInput());
    const runId = ctx.df.instanceId;
    let progress: UsagePullProgress | undefined = input.progress;
    if (!progress) {
        const { total } = yield* call(ctx, listUsagePullCustomers, { runId });
        progress = { total, done: 0, ok: 0, consentMissing: 0, failed: 0, accepted: 0, failures: [] };
    }
    const p = progress;
    const status = () => ctx.df.setCustomStatus({ day: input.day, done: p.done, total: p.total, ok: p.ok, consentMissing: p.consentMissing, failed: p.failed });
    status();
    for (let page = 0; page < PAGES_PER_EXECUTION && p.done < p.total; page++) {
        const { customers } = yield* call(ctx, nextUsagePullCustomers, { runId, offset: p.done, limit: PAGE });
        if (customers.length === 0) {
            p.total = p.done; // the roster is shorter than it said (it cannot be written again differently): it ends here
            break;
        }
        for (let i = 0; i < customers.length; i += input.concurrency) {
            const batch = customers.slice(i, i + input.concurrency);
            const results = yield* callAll(ctx, pullCustomerUsage, batch.map((c) => ({ ...c, runId })));
            for (const r of results) tally(p, r);
            p.done += batch.length;
            status();
        }
    }
    if (p.done < p.total) {
        ctx.df.continueAsNew({ ...input, progress: p });
        return undefined;
    }
    yield* call(ctx, endUsagePull, { runId });
    return { day: input.day, ...p };
}

function tally(p: UsagePullProgress, r: CustomerPull): void {
    p.accepted += r.accepted;
    if (r.state === 'ok') {
        p.ok++;
        return;
    }
    if (r.state === 'consent-missing') p.consentMissing++;
    else p.failed++;
    if (p.failures.length < FAILURES_KEPT) p.failures.push({ customerTenantId: r.customerTenantId, state: r.state, error: r.error ?? r.state });
}

df.app.orchestration(ORCHESTRATIONS.usagePull, usagePull);
