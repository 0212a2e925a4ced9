// The steps that give a partner's subscription the customer's overage, shared
// by enabling and by the new partner's side of a handover: preflight, the
// move to an Azure plan, the subscription (created through an alias when
// "new"), the credits check, and the setting at Partner Center confirmed by
// reading it back. Each returns blockers rather than throwing for a refusal.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Blocker } from '../shared/core/domain/findings';
import { alignAzurePlan, type AzureTarget } from '../shared/core/domain/rules/azurePlan';
import { assessCredits, type CreditsAssessment } from '../shared/core/domain/rules/credits';
import type { Caller } from '../shared/core/domain/partner';
import type { ServiceType } from '../shared/core/domain/subscription';
import type { EnablementTiming } from '../shared/core/overage/enablement';
import { StepFault } from '../shared/core/faults/stepFault';
import {
    AzureFacts, createSubscription, CustomerFacts, notifyAutoRecharge, PartnerFacts, readAzure, readCredits, readOverage, readSubscription,
    requestOverage, checkPreflight, startPlanTransition,
} from '../shared/core/steps/overageSteps';
import { call } from './call';
import { Poll, pollUntil } from './poll';
import type { RunProgress } from './runProgress';
import type { AuditStep } from '../shared/core/overage/runSteps';

/** One partner's side of an assignment: who acts, for which customer, within which limits. */
export interface Assignment {
    ctx: OrchestrationContext;
    progress: RunProgress;
    tenant: { customerTenantId: string; caller: Caller };
    timing: EnablementTiming;
    /** What verifyCaller established for the agent. */
    who: { partner: PartnerFacts; customer: CustomerFacts; actingForPartnerId: string };
}

export type Refused = { ok: false; step: AuditStep; blockers: Blocker[] };

/** Polls Partner Center or Azure until `done`; an operation that outlasts the timeout is a fault. */
export function* awaitOperation<T>(a: Pick<Assignment, 'ctx' | 'timing'>, what: string, p: Omit<Poll<T>, 'intervalMs' | 'timeoutMs'>): Generator<Task, T, unknown> {
    const { value, timedOut } = yield* pollUntil(a.ctx, { ...p, intervalMs: a.timing.pollIntervalMs, timeoutMs: a.timing.pollTimeoutMs });
    if (timedOut) throw new StepFault({ code: 'operation-timeout', detail: `${what} did not finish within ${Math.round(a.timing.pollTimeoutMs / 60_000)} min.`, remedy: 'Check the state in Partner Center, then start the run again.' });
    return value;
}

/** The reseller a two-tier provider acts for, if any. */
export function resellerOf(a: Assignment): string | undefined {
    return a.who.actingForPartnerId !== a.who.partner.id ? a.who.actingForPartnerId : undefined;
}

/** Preflight, plan alignment and the subscription: the id the charges will go to, or why not. Nothing is set at Partner Center yet. */
export function* prepareSubscription(a: Assignment, target: { azureEntitlementId: AzureTarget; subscriptionName?: string }): Generator<Task, { ok: true; azureEntitlementId: string } | Refused, unknown> {
    const { ctx, progress, tenant, who } = a;
    progress.status('preflight');
    let azure: AzureFacts = yield* call(ctx, readAzure, tenant);
    const preflight = yield* call(ctx, checkPreflight, { ...tenant, partner: who.partner, customer: who.customer, azure });
    if (preflight.blockers.length) return { ok: false, step: 'preflight', blockers: preflight.blockers };
    yield* progress.audit('preflight', 'ok', 'No blocker found.');

    let aligned = alignAzurePlan(azure, target.azureEntitlementId, { displayName: target.subscriptionName });
    if (aligned.step === 'transitionLegacyFirst') {
        progress.status('plan-transition', { waitingFor: 'the move from the legacy Azure offer to an Azure plan' });
        const started = yield* call(ctx, startPlanTransition, tenant);
        yield* progress.audit('plan-transition', 'waiting', 'Started moving the legacy Azure offer to an Azure plan.');
        azure = yield* awaitOperation(a, `The Azure plan transition of ${who.customer.name}`, {
            first: started, read: () => call(ctx, readAzure, tenant), done: (z) => z.kind !== 'legacy',
        });
        yield* progress.audit('plan-transition', 'ok', 'The customer is on an Azure plan now.');
        aligned = alignAzurePlan(azure, 'new', { displayName: target.subscriptionName });
    }

    if (aligned.step === 'refused') return { ok: false, step: 'azure-subscription', blockers: [aligned] };
    if (aligned.step === 'useExisting') return { ok: true, azureEntitlementId: aligned.azureEntitlementId };
    if (aligned.step === 'transitionLegacyFirst') {
        throw new StepFault({ code: 'plan-transition-incomplete', detail: 'The customer is still on the legacy Azure offer after its transition.', remedy: 'Check the transition in Partner Center, then start the run again.' });
    }
    progress.status('azure-subscription', { waitingFor: `the new Azure subscription "${aligned.displayName}"` });
    // derived from the run, so a replay or a retried activity finds the same subscription instead of creating another
    const aliasName = `overage-${progress.id}`;
    const created = yield* call(ctx, createSubscription, { ...tenant, aliasName, displayName: aligned.displayName, resellerId: resellerOf(a) });
    const alias = yield* awaitOperation(a, `Creating the Azure subscription "${aligned.displayName}"`, {
        first: created, read: () => call(ctx, readSubscription, { ...tenant, aliasName }), done: (s) => s.provisioningState !== 'Accepted',
    });
    if (alias.provisioningState !== 'Succeeded' || !alias.subscriptionId) {
        throw new StepFault({ code: 'subscription-not-created', detail: `Azure could not create the subscription "${aligned.displayName}".`, remedy: 'Check the customer\'s Azure plan in Partner Center, then start the run again.' });
    }
    yield* progress.audit('azure-subscription', 'ok', `Created Azure subscription "${aligned.displayName}" (${alias.subscriptionId}).`);
    return { ok: true, azureEntitlementId: alias.subscriptionId };
}

/** Communications Credits as overage would meet them; the customer's admin is told once when auto-recharge keeps post-paid billing from starting. */
export function* checkCredits(a: Assignment, waiting: boolean): Generator<Task, CreditsAssessment, unknown> {
    const { ctx, progress, tenant, who } = a;
    progress.status('credits');
    const credits = (yield* call(ctx, readCredits, tenant)).credits;
    const assessment = assessCredits(credits, { overageEnabled: true });
    const autoRechargeOn = assessment.blockers.length > 0;
    yield* progress.audit('credits', autoRechargeOn ? 'info' : 'ok', [...assessment.blockers, ...assessment.warnings].map((f) => f.detail).join(' ') || 'Nothing stands between overage and post-paid billing.');
    if (autoRechargeOn && who.customer.adminContact) {
        yield* call(ctx, notifyAutoRecharge, { runId: progress.id, to: who.customer.adminContact, customer: who.customer, partnerName: who.partner.name, waiting });
    }
    return assessment;
}

/** Sets overage to the subscription at Partner Center and waits until reading it back shows it (or another partner's setting that replaced it). */
export function* setOverage(a: Assignment, service: ServiceType, azureEntitlementId: string): Generator<Task, { ok: true } | Refused, unknown> {
    const { ctx, progress, tenant, who } = a;
    progress.status('set-overage', { waitingFor: 'Partner Center to apply the overage setting' });
    const put = yield* call(ctx, requestOverage, { ...tenant, azureEntitlementId, overageEnabled: true, resellerId: resellerOf(a) });
    if (!put.ok) return { ok: false, step: 'set-overage', blockers: [put.blocker] };
    const applied = yield* awaitOperation(a, 'Partner Center applying the overage setting', {
        read: () => call(ctx, readOverage, { ...tenant, service }),
        // ours, or another partner's that replaced it (then waiting longer cannot help)
        done: ({ current }) => !!current?.overageEnabled && (current.partnerId !== who.actingForPartnerId || current.azureEntitlementId?.toLowerCase() === azureEntitlementId.toLowerCase()),
    });
    if (applied.current && applied.current.partnerId !== who.actingForPartnerId) {
        return { ok: false, step: 'set-overage', blockers: [{ code: 'owned-by-another-partner', detail: `Partner Center applied partner ${applied.current.partnerId}'s overage setting instead of this one; that partner holds overage now.`, remedy: 'Request a handover from that partner if overage should move to you.' }] };
    }
    yield* progress.audit('set-overage', 'ok', `Overage for ${service} goes to Azure subscription ${azureEntitlementId}.`);
    return { ok: true };
}
