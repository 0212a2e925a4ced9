// After all three approved, a step that fails is tried again on a durable
// timer (its calls already retried transient faults within their budget), so
// a Partner Center outage of minutes does not end the switch halfway.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { HandoverTiming } from '../../shared/core/handover/handoverSchemas';
import { Fault, faultOf } from '../../shared/core/faults/stepFault';
import { sleep } from '../call';
import type { AuditStep } from '../../shared/core/overage/runSteps';
import type { RunProgress } from '../runProgress';

export function* retrying<T>(ctx: OrchestrationContext, progress: RunProgress, timing: HandoverTiming, step: AuditStep, attempt: () => Generator<Task, T, unknown>): Generator<Task, { ok: true; value: T } | { ok: false; fault: Fault }, unknown> {
    for (let n = 1; ; n++) {
        try {
            return { ok: true, value: yield* attempt() };
        } catch (err) {
            const fault = faultOf(err);
            if (n >= timing.switchAttempts) return { ok: false, fault };
            yield* progress.audit(step, 'info', `Attempt ${n} of ${timing.switchAttempts} failed (${fault.code}: ${fault.detail}); trying again in ${Math.round(timing.switchRetryMs / 1000)} s.`);
            yield* sleep(ctx, timing.switchRetryMs);
        }
    }
}
