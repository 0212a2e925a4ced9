// The run's own record of its handover: every change to the state machine,
// the status readers see, reminders and the outcome, saved with a rising
// version (the run is its only writer); and the mails about it.
import type { OrchestrationContext, Task } from 'durable-functions';
import { HANDOVER_PARTIES, type Handover, type HandoverParty } from '../../shared/core/domain/rules/handover';
import { openedHandover } from '../../shared/core/handover/openedHandover';
import type { HandoverInput, HandoverMailKind, StoredHandover } from '../../shared/core/handover/handoverSchemas';
import { saveHandover, sendHandoverMail } from '../../shared/core/steps/handoverSteps';
import { call } from '../call';

export class HandoverDocument {
    record: StoredHandover;

    constructor(private readonly ctx: OrchestrationContext, private readonly input: HandoverInput) {
        this.record = openedHandover(ctx.df.instanceId, input);
    }

    get state(): Handover {
        return this.record.state;
    }

    *save(patch: Partial<StoredHandover>): Generator<Task, void, unknown> {
        this.record = { ...this.record, ...patch, version: this.record.version + 1, updatedAt: this.ctx.df.currentUtcDateTime.toISOString() };
        yield* call(this.ctx, saveHandover, this.record);
    }

    /** Ends the handover with a reason (and what to do about it, if anything). */
    *end(status: StoredHandover['status'], detail: string, remedy?: string): Generator<Task, void, unknown> {
        yield* this.save({ status, outcome: { at: this.ctx.df.currentUtcDateTime.toISOString(), detail, ...(remedy ? { remedy } : {}) } });
    }

    *mail(kind: HandoverMailKind, to: readonly HandoverParty[] = HANDOVER_PARTIES, note?: string): Generator<Task, void, unknown> {
        if (!to.length) return;
        yield* call(this.ctx, sendHandoverMail, {
            kind, to: [...to], handover: this.record, parties: this.input.parties, publicUrl: this.input.publicUrl, round: 0, ...(note ? { note } : {}),
        });
    }
}
