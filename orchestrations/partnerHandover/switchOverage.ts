// The switch, once all three approved, in the only safe order: first the new
// partner's side is made ready (preflight, plan, subscription, credits) while
// nothing has changed; then A sets None and Partner Center shows it; then B
// assigns and Partner Center shows it; then the store records the move. A
// partner this deployment does not serve is mailed what to do, and Partner
// Center is polled until the change is seen.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Blocker } from '../../shared/core/domain/findings';
import { applyHandoverEvent } from '../../shared/core/domain/rules/handover';
import type { Caller } from '../../shared/core/domain/partner';
import type { HandoverInput, HandoverPartner } from '../../shared/core/handover/handoverSchemas';
import type { OverageItem } from '../../shared/core/domain/partnerCenter';
import { StepFault } from '../../shared/core/faults/stepFault';
import { assessEligibility, readOverage, recordOverage, requestOverage, verifyCaller } from '../../shared/core/steps/overageSteps';
import { Assignment, awaitOperation, checkCredits, prepareSubscription, setOverage } from '../assignment';
import { call } from '../call';
import { pollUntil } from '../poll';
import type { AuditStep } from '../../shared/core/overage/runSteps';
import type { RunProgress } from '../runProgress';
import type { HandoverDocument } from './handoverDocument';
import { retrying } from './retryOnTimer';

export type SwitchOutcome = { result: 'completed' | 'blocked' | 'failed' | 'failed-after-none'; azureEntitlementId?: string };

export function* switchOverage(ctx: OrchestrationContext, progress: RunProgress, doc: HandoverDocument, input: HandoverInput): Generator<Task, SwitchOutcome, unknown> {
    const { parties: { currentPartner: a, newPartner: b }, request, customerTenantId, service } = input;
    const retry = <T>(step: AuditStep, attempt: () => Generator<Task, T, unknown>) => retrying(ctx, progress, input.handoverTiming, step, attempt);
    // the requester's partner is always served, so one of the two can read Partner Center
    const reader = (a.caller ?? b.caller)!;
    const readCurrent = () => call(ctx, readOverage, { customerTenantId, caller: reader, service });
    yield* doc.save({ status: 'switching' });
    yield* progress.audit('approvals', 'ok', `All three parties approved: overage for ${service} moves from ${a.name} to ${b.name}.`);

    // 1. B's side, while nothing has changed
    let side: { assignment: Assignment; azureEntitlementId: string } | undefined;
    if (b.caller) {
        const ready = yield* retry('prepare', () => prepareNewPartner(ctx, progress, input, b.caller!));
        if (!ready.ok) return yield* fail(progress, doc, 'failed', `Preparing ${b.name}'s side failed: ${ready.fault.detail}`, ready.fault.remedy);
        if (!ready.value.ok) {
            const { step, blockers } = ready.value;
            yield* progress.audit(step, 'blocked', blockers.map((x) => `${x.code}: ${x.detail}`).join(' '));
            return yield* fail(progress, doc, 'blocked', `${b.name} cannot assign its subscription yet, so nothing was changed: ${describe(blockers)}`, blockers.map((x) => x.remedy).join(' '));
        }
        side = ready.value;
    }

    // 2. A sets None, and Partner Center shows it
    progress.status('set-none', { waitingFor: `${a.name} to set overage to None at Partner Center` });
    const noneSeen = (current: OverageItem | null) => !current?.overageEnabled || current.partnerId !== a.partnerId;
    const none = a.caller
        ? yield* retry('set-none', () => setNone(ctx, { customerTenantId, caller: a.caller! }, input, noneSeen))
        : yield* awaitPartner(ctx, progress, doc, input, a, 'instructions-none', readCurrent, noneSeen);
    if (!none.ok) return yield* fail(progress, doc, 'failed', `${a.name}'s overage could not be set to None, so nothing was changed: ${none.fault.detail}`, none.fault.remedy);
    yield* call(ctx, recordOverage, { customerTenantId, service, partnerId: a.partnerId, azureEntitlementId: null, overageEnabled: false, runId: progress.id, at: progress.nowIso(), runStartedAt: input.requestedAt });
    yield* doc.save({ state: applyHandoverEvent(doc.state, { kind: 'noneSet', at: progress.nowIso() }).handover });
    yield* progress.audit('set-none', 'ok', `Partner Center shows ${a.name}'s overage for ${service} set to None.`);

    // 3. B assigns, and Partner Center shows it
    progress.status('set-overage', { waitingFor: `${b.name}'s assignment at Partner Center` });
    const assignedSeen = (current: OverageItem | null) => !!current?.overageEnabled && current.partnerId === b.partnerId;
    const assigned = side
        ? yield* retry('set-overage', () => assign(side!.assignment, service, side!.azureEntitlementId))
        : yield* awaitPartner(ctx, progress, doc, input, b, 'instructions-assign', readCurrent, assignedSeen);
    if (!assigned.ok) {
        const target = side?.azureEntitlementId ?? (request.azureEntitlementId === 'new' ? 'a new Azure subscription' : request.azureEntitlementId);
        return yield* fail(progress, doc, 'failed-after-none',
            `${a.name}'s overage is set to None, but ${b.name}'s assignment failed: ${assigned.fault.detail} Until ${b.name} assigns a subscription, calls of ${input.parties.customer.name} beyond the included minutes are refused.`,
            `${b.name}: assign ${target} as the overage subscription for ${service} in Partner Center, or enable overage for this customer in this app.`);
    }
    const azureEntitlementId = side?.azureEntitlementId ?? assigned.value!.azureEntitlementId!;
    const recorded = yield* call(ctx, recordOverage, { customerTenantId, service, partnerId: b.partnerId, azureEntitlementId, overageEnabled: true, runId: progress.id, at: progress.nowIso(), runStartedAt: input.requestedAt });
    if (!recorded.won) yield* progress.audit('record', 'info', `Run ${recorded.current.runId} of partner ${recorded.current.partnerId} recorded a setting meanwhile; Partner Center shows ${b.name}'s.`);
    const completed = applyHandoverEvent(doc.state, { kind: 'assigned', at: progress.nowIso() }).handover;
    yield* doc.save({ state: completed, status: 'completed', azureEntitlementId, outcome: { at: progress.nowIso(), detail: `Overage for ${service} goes to ${b.name}'s Azure subscription ${azureEntitlementId}.` } });
    yield* progress.audit('record', 'ok', `Overage for ${service} moved from ${a.name} to ${b.name} (Azure subscription ${azureEntitlementId}).`);
    yield* doc.mail('completed');
    return { result: 'completed', azureEntitlementId };
}

/** B's agent may act for the customer, B holds an enabling subscription, and its subscription is ready. */
function* prepareNewPartner(ctx: OrchestrationContext, progress: RunProgress, input: HandoverInput, caller: Caller) {
    const tenant = { customerTenantId: input.customerTenantId, caller };
    progress.status('prepare', { waitingFor: `${input.parties.newPartner.name}'s side of the switch` });
    const who = yield* call(ctx, verifyCaller, tenant);
    if (!who.ok) return { ok: false as const, step: 'verify-caller' as const, blockers: [who.blocker] };
    const eligible = yield* call(ctx, assessEligibility, tenant);
    if (!eligible.ok) return { ok: false as const, step: 'eligibility' as const, blockers: [eligible.blocker] };
    const assignment: Assignment = { ctx, progress, tenant, timing: input.timing, who };
    const prepared = yield* prepareSubscription(assignment, input.request);
    if (!prepared.ok) return prepared;
    yield* checkCredits(assignment, false);
    return { ok: true as const, assignment, azureEntitlementId: prepared.azureEntitlementId };
}

function* setNone(ctx: OrchestrationContext, tenant: { customerTenantId: string; caller: Caller }, input: HandoverInput, seen: (c: OverageItem | null) => boolean): Generator<Task, { azureEntitlementId?: string }, unknown> {
    const put = yield* call(ctx, requestOverage, { ...tenant, azureEntitlementId: null, overageEnabled: false });
    if (!put.ok) throw new StepFault({ code: put.blocker.code, detail: put.blocker.detail, remedy: put.blocker.remedy });
    yield* awaitOperation({ ctx, timing: input.timing }, 'Partner Center setting overage to None', { read: () => call(ctx, readOverage, { ...tenant, service: input.service }), done: ({ current }) => seen(current) });
    return {};
}

function* assign(a: Assignment, service: HandoverInput['service'], azureEntitlementId: string): Generator<Task, { azureEntitlementId?: string }, unknown> {
    const set = yield* setOverage(a, service, azureEntitlementId);
    // Partner Center may still see the old setting for a moment: a refusal here is tried again like a fault
    if (!set.ok) throw new StepFault({ code: set.blockers[0].code, detail: set.blockers[0].detail, remedy: set.blockers[0].remedy });
    return { azureEntitlementId };
}

/** A partner this deployment does not act for: mail it what to do, and poll Partner Center until the change is seen (up to the handover's deadline). */
function* awaitPartner(
    ctx: OrchestrationContext, progress: RunProgress, doc: HandoverDocument, input: HandoverInput, partner: HandoverPartner,
    kind: 'instructions-none' | 'instructions-assign', read: () => Generator<Task, { current: OverageItem | null }, unknown>, seen: (c: OverageItem | null) => boolean,
) {
    const party = partner.partnerId === input.parties.currentPartner.partnerId ? 'currentPartner' : 'newPartner';
    const first = yield* read();
    const timeoutMs = Math.max(Date.parse(doc.state.expiresAt) - progress.now(), input.timing.pollTimeoutMs);
    if (!seen(first.current)) {
        yield* doc.mail(kind, [party]);
        yield* progress.audit(kind === 'instructions-none' ? 'set-none' : 'set-overage', 'waiting', `This deployment does not act for ${partner.name}: mailed ${partner.contact} what to do in Partner Center, and watching for the change until ${new Date(progress.now() + timeoutMs).toISOString()}.`);
    }
    const { value, timedOut } = yield* pollUntil(ctx, { first, read, done: ({ current }) => seen(current), intervalMs: input.timing.pollIntervalMs, timeoutMs });
    if (timedOut) {
        return { ok: false as const, fault: { code: 'partner-action-missing', detail: `Partner Center did not show ${partner.name}'s change in time.`, remedy: `${partner.name} makes the change in Partner Center (see the mailed instructions).` } };
    }
    return { ok: true as const, value: { azureEntitlementId: value.current?.azureEntitlementId ?? undefined } };
}

function* fail(progress: RunProgress, doc: HandoverDocument, status: 'blocked' | 'failed' | 'failed-after-none', detail: string, remedy: string): Generator<Task, SwitchOutcome, unknown> {
    yield* doc.end(status, detail, remedy);
    yield* progress.audit('end', status === 'blocked' ? 'blocked' : 'failed', detail);
    yield* doc.mail(status, status === 'blocked' ? undefined : ['currentPartner', 'newPartner'], `${detail}\n\nWhat to do: ${remedy}`);
    progress.status('done', { result: status });
    return { result: status };
}

function describe(blockers: Blocker[]): string {
    return blockers.map((x) => x.detail).join(' ');
}
