// Per-run helpers for the overage orchestrators: replay-safe time, custom
// status (the step and what it waits for) and the numbered audit trail.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { AuditEvent } from '../shared/core/overage/auditEvent';
import type { RunInput } from '../shared/core/overage/enablement';
import { call } from './call';
import { recordAudit } from '../shared/core/steps/overageSteps';
import type { AuditStep, StatusStep } from '../shared/core/overage/runSteps';

export class RunProgress {
    private seq = 0;
    /** The step the run is at, for the failure record if it fails there. */
    step: StatusStep = 'start';

    constructor(private readonly ctx: OrchestrationContext, private readonly input: RunInput) {}

    get id(): string {
        return this.ctx.df.instanceId;
    }

    /** The orchestration's own clock (from history, identical on replay). */
    now(): number {
        return this.ctx.df.currentUtcDateTime.getTime();
    }

    nowIso(): string {
        return this.ctx.df.currentUtcDateTime.toISOString();
    }

    /** What the run is doing or waiting for, for status queries. */
    status(step: StatusStep, extra: Record<string, unknown> = {}): void {
        this.step = step;
        this.ctx.df.setCustomStatus({ step, ...extra });
    }

    *audit(step: AuditStep, result: AuditEvent['result'], detail: string): Generator<Task, void, unknown> {
        const seq = this.seq++;
        yield* call(this.ctx, recordAudit, {
            id: `${this.id}:${String(seq).padStart(3, '0')}`, customerTenantId: this.input.customerTenantId, runId: this.id,
            seq, at: this.nowIso(), actor: { partnerId: this.input.caller.partnerId, upn: this.input.caller.upn }, step, result, detail,
            viewers: this.input.viewers,
        });
    }
}
