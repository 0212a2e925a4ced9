// Per-run helpers for the overage orchestrators: replay-safe time, custom
// status and the numbered audit trail.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Caller } from '../shared/domain/partner';
import { call } from './call';
import { AuditEvent, recordAudit } from './steps';

export class Run {
    private seq = 0;

    constructor(private readonly ctx: OrchestrationContext, private readonly customerTenantId: string, private readonly agent: Caller) {}

    /** The orchestration's own clock (from history, identical on replay). */
    now(): number {
        return this.ctx.df.currentUtcDateTime.getTime();
    }

    nowIso(): string {
        return this.ctx.df.currentUtcDateTime.toISOString();
    }

    /** What the run is doing or waiting for, for status queries. */
    status(step: string, extra: Record<string, unknown> = {}): void {
        this.ctx.df.setCustomStatus({ step, ...extra });
    }

    *audit(step: string, result: AuditEvent['result'], detail: string): Generator<Task, void, unknown> {
        const seq = this.seq++;
        yield* call(this.ctx, recordAudit, {
            id: `${this.ctx.df.instanceId}:${String(seq).padStart(3, '0')}`, customerTenantId: this.customerTenantId, runId: this.ctx.df.instanceId,
            seq, at: this.nowIso(), actor: { partnerId: this.agent.partnerId, upn: this.agent.upn }, step, result, detail,
        });
    }
}
