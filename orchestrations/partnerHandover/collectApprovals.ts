// Collecting the three answers: every answer or cancel arrives as one signal;
// a durable timer first reminds the parties still silent at half-time, then
// expires the request at its deadline. The pure state machine (rule 6)
// decides what each answer means; what it refuses is audited and ignored.
import type { OrchestrationContext, Task } from 'durable-functions';
import { applyHandoverEvent, HANDOVER_PARTIES } from '../../shared/core/domain/rules/handover';
import { HANDOVER_SIGNAL, HandoverSignal } from '../../shared/core/handover/handoverSchemas';
import type { RunProgress } from '../runProgress';
import type { HandoverDocument } from './handoverDocument';

export type Collected = 'agreed' | 'declined' | 'expired' | 'cancelled';

const LABEL = { currentPartner: 'the current partner', newPartner: 'the new partner', customer: 'the customer' } as const;

export function* collectApprovals(ctx: OrchestrationContext, progress: RunProgress, doc: HandoverDocument): Generator<Task, Collected, unknown> {
    const requested = Date.parse(doc.state.requestedAt);
    const expires = Date.parse(doc.state.expiresAt);
    let reminded = false;
    const missing = () => HANDOVER_PARTIES.filter((p) => doc.state.decisions[p] === null);
    for (;;) {
        progress.status('approvals', { waitingFor: `answers from ${missing().map((p) => LABEL[p]).join(', ')}`, until: doc.state.expiresAt });
        // a fresh timer and wait each round: durable-functions schedules a task again when it is yielded a second time
        const timer = ctx.df.createTimer(new Date(reminded ? expires : requested + (expires - requested) / 2));
        const signal = ctx.df.waitForExternalEvent(HANDOVER_SIGNAL);
        const winner: unknown = yield ctx.df.Task.any([signal, timer]);
        if (winner === timer && !reminded) {
            reminded = true;
            const silent = missing();
            yield* doc.save({ reminders: [...doc.record.reminders, { at: progress.nowIso(), parties: silent }] });
            yield* doc.mail('reminder', silent);
            yield* progress.audit('reminder', 'info', `Reminded ${silent.map((p) => LABEL[p]).join(', ')}; the request expires at ${doc.state.expiresAt}.`);
            continue;
        }
        if (winner === timer) {
            yield* doc.save({ state: applyHandoverEvent(doc.state, { kind: 'tick', at: doc.state.expiresAt }).handover });
            return yield* close(progress, doc, 'expired', `The request expired at ${doc.state.expiresAt} without all three answers (still missing: ${missing().map((p) => LABEL[p]).join(', ')}).`);
        }
        timer.cancel();
        const raw = signal.result;
        const parsed = HandoverSignal.safeParse(raw);
        if (!parsed.success) {
            yield* progress.audit('approvals', 'info', 'Ignored a signal that is not an answer or a cancel.');
            continue;
        }
        const s = parsed.data;
        if (s.kind === 'cancel') {
            yield* doc.save({ cancelled: { at: s.at, by: s.by } });
            return yield* close(progress, doc, 'cancelled', `${s.by} cancelled the request on ${s.at}.`);
        }
        if (s.handoverId !== progress.id) {
            yield* progress.audit('approvals', 'refused', `Refused an answer from ${s.by} issued for another handover (${s.handoverId}).`);
            continue;
        }
        const applied = applyHandoverEvent(doc.state, { kind: 'decision', party: s.party, decision: s.decision, at: s.at, by: s.by, reason: s.reason });
        if (!applied.ok) {
            // a duplicate, or an answer that came after the deadline (the timer closes the request then)
            yield* progress.audit('approvals', 'info', `Ignored ${s.decision} from ${s.by} for ${LABEL[s.party]}: ${applied.detail}`);
            continue;
        }
        yield* doc.save({ state: applied.handover });
        yield* progress.audit('approvals', s.decision === 'approve' ? 'ok' : 'refused', `${s.by} ${s.decision === 'approve' ? 'approved' : 'declined'} for ${LABEL[s.party]}${s.reason ? `: "${s.reason}"` : ''}.`);
        if (applied.handover.status === 'declined') {
            return yield* close(progress, doc, 'declined', `${s.by} declined for ${LABEL[s.party]} on ${s.at}${s.reason ? `: "${s.reason}"` : ''}.`);
        }
        if (applied.handover.status === 'agreed') return 'agreed';
    }
}

function* close(progress: RunProgress, doc: HandoverDocument, status: 'declined' | 'expired' | 'cancelled', detail: string): Generator<Task, Collected, unknown> {
    yield* doc.end(status, detail, 'Nothing changed at Partner Center. Start a new handover request if the parties agree later.');
    yield* progress.audit('approvals', status === 'declined' ? 'refused' : status === 'cancelled' ? 'cancelled' : 'info', detail);
    yield* doc.mail(status);
    return status;
}
