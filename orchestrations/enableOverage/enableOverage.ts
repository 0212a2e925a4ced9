// enableOverage: verify the caller, check eligibility and ownership, preflight
// the blockers, move a legacy Azure offer to a plan, find or create the Azure
// subscription, set overage at Partner Center and record the result, then deal
// with Communications Credits. Every refusal Partner Center or Azure would
// give is checked before anything is created. Business refusals end the run
// with a result; only faults that outlasted their retries fail it.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { type Blocker, type Warning } from '../../shared/domain/findings';
import { alignAzurePlan } from '../../shared/domain/rules/azurePlan';
import { assessCredits, type CreditsAssessment } from '../../shared/domain/rules/credits';
import { EnablementInput, EnablementOutcome, ORCHESTRATIONS } from '../../shared/overage/enablement';
import { StepFault } from '../../shared/workflow/fault';
import { call } from '../call';
import { Poll, pollUntil } from '../poll';
import { lifecycle } from '../lifecycle';
import type { RunProgress } from '../runProgress';
import {
    assessEligibility, assessOwnership, AzureFacts, createSubscription, notifyAutoRecharge, readAzure, readCredits, readOverage,
    readSubscription, recordOverage, requestOverage, runPreflight, startPlanTransition, verifyCaller,
} from '../../shared/workflow/overageSteps';

/** Blockers a person must fix before a retry can succeed (as opposed to refusals of the request itself). */
const BLOCKING = new Set<Blocker['code']>(['gdap-missing', 'conditional-access-blocked', 'location-policy-blocked', 'sandbox-no-azure-plan', 'mca-not-accepted']);

function* enableOverage(ctx: OrchestrationContext, input: EnablementInput, progress: RunProgress): Generator<df.Task, EnablementOutcome, unknown> {
    const { customerTenantId, request, requestedBy: agent, timing } = input;
    const tenant = { customerTenantId, agent };
    const stop = function* (stepName: string, blockers: Blocker[]): Generator<df.Task, EnablementOutcome, unknown> {
        const result = blockers.every((b) => BLOCKING.has(b.code)) ? 'blocked' : 'refused';
        yield* progress.audit(stepName, result, blockers.map((b) => `${b.code}: ${b.detail}`).join(' '));
        progress.status('done', { result });
        return { result, blockers, postpaidActive: false };
    };
    /** Polls Partner Center or Azure until `done`; an operation that outlasts the timeout is a fault. */
    const awaitOperation = function* <T>(what: string, p: Omit<Poll<T>, 'intervalMs' | 'timeoutMs'>): Generator<df.Task, T, unknown> {
        const { value, timedOut } = yield* pollUntil(ctx, { ...p, intervalMs: timing.pollIntervalMs, timeoutMs: timing.pollTimeoutMs });
        if (timedOut) throw new StepFault({ code: 'operation-timeout', detail: `${what} did not finish within ${Math.round(timing.pollTimeoutMs / 60_000)} min.`, remedy: 'Check the state in Partner Center, then start the run again.' });
        return value;
    };

    progress.status('verify-caller');
    const who = yield* call(ctx, verifyCaller, { ...tenant, onBehalfOfPartnerId: request.resellerPartnerId });
    if (!who.ok) return yield* stop('verify-caller', [who.blocker]);
    yield* progress.audit('verify-caller', 'ok', `${agent.upn} may manage overage for ${who.customer.name} as ${who.partner.name}.`);

    progress.status('eligibility');
    const eligibility = yield* call(ctx, assessEligibility, tenant);
    if (!eligibility.ok) return yield* stop('eligibility', [eligibility.blocker]);
    yield* progress.audit('eligibility', 'ok', 'An overage-enabling subscription is held.');

    progress.status('ownership');
    const ownership = yield* call(ctx, assessOwnership, { ...tenant, service: request.service, actingForPartnerId: who.actingForPartnerId });
    if (!ownership.ok) return yield* stop('ownership', [ownership.blocker]);
    yield* progress.audit('ownership', 'ok', `Partner ${who.actingForPartnerId} may assign overage.`);

    progress.status('preflight');
    let azure: AzureFacts = yield* call(ctx, readAzure, tenant);
    const preflight = yield* call(ctx, runPreflight, { ...tenant, partner: who.partner, customer: who.customer, azure });
    if (preflight.blockers.length) return yield* stop('preflight', preflight.blockers);
    yield* progress.audit('preflight', 'ok', 'No blocker found.');

    let target = alignAzurePlan(azure, request.azureEntitlementId, { displayName: request.subscriptionName });
    if (target.step === 'transitionLegacyFirst') {
        progress.status('plan-transition', { waitingFor: 'the move from the legacy Azure offer to an Azure plan' });
        const started = yield* call(ctx, startPlanTransition, tenant);
        yield* progress.audit('plan-transition', 'waiting', 'Started moving the legacy Azure offer to an Azure plan.');
        azure = yield* awaitOperation(`The Azure plan transition of ${who.customer.name}`, {
            first: started, read: () => call(ctx, readAzure, tenant), done: (a) => a.kind !== 'legacy',
        });
        yield* progress.audit('plan-transition', 'ok', 'The customer is on an Azure plan now.');
        target = alignAzurePlan(azure, 'new', { displayName: request.subscriptionName });
    }

    let azureEntitlementId: string;
    if (target.step === 'refused') return yield* stop('azure-subscription', [target]);
    if (target.step === 'useExisting') {
        azureEntitlementId = target.azureEntitlementId;
    } else if (target.step === 'transitionLegacyFirst') {
        throw new StepFault({ code: 'plan-transition-incomplete', detail: 'The customer is still on the legacy Azure offer after its transition.', remedy: 'Check the transition in Partner Center, then start the run again.' });
    } else {
        progress.status('azure-subscription', { waitingFor: `the new Azure subscription "${target.displayName}"` });
        // derived from the run, so a replay or a retried activity finds the same subscription instead of creating another
        const aliasName = `overage-${progress.id}`;
        const resellerId = who.actingForPartnerId !== who.partner.id ? who.actingForPartnerId : undefined;
        const created = yield* call(ctx, createSubscription, { ...tenant, aliasName, displayName: target.displayName, resellerId });
        const alias = yield* awaitOperation(`Creating the Azure subscription "${target.displayName}"`, {
            first: created, read: () => call(ctx, readSubscription, { ...tenant, aliasName }), done: (a) => a.provisioningState !== 'Accepted',
        });
        if (alias.provisioningState !== 'Succeeded' || !alias.subscriptionId) {
            throw new StepFault({ code: 'subscription-not-created', detail: `Azure could not create the subscription "${target.displayName}".`, remedy: 'Check the customer\'s Azure plan in Partner Center, then start the run again.' });
        }
        azureEntitlementId = alias.subscriptionId;
        yield* progress.audit('azure-subscription', 'ok', `Created Azure subscription "${target.displayName}" (${azureEntitlementId}).`);
    }

    progress.status('credits');
    const credits = (yield* call(ctx, readCredits, tenant)).credits;
    let assessment = assessCredits(credits, { overageEnabled: true });
    const autoRechargeOn = assessment.blockers.length > 0;
    yield* progress.audit('credits', autoRechargeOn ? 'info' : 'ok', [...assessment.blockers, ...assessment.warnings].map((f) => f.detail).join(' ') || 'Nothing stands between overage and post-paid billing.');
    if (autoRechargeOn && who.customer.adminContact) {
        yield* call(ctx, notifyAutoRecharge, { runId: progress.id, to: who.customer.adminContact, customer: who.customer, partnerName: who.partner.name, waiting: request.waitForAutoRechargeOff === true });
    }

    progress.status('set-overage', { waitingFor: 'Partner Center to apply the overage setting' });
    const resellerId = who.actingForPartnerId !== who.partner.id ? who.actingForPartnerId : undefined;
    const put = yield* call(ctx, requestOverage, { ...tenant, azureEntitlementId, overageEnabled: true, resellerId });
    if (!put.ok) return yield* stop('set-overage', [put.blocker]);
    const applied = yield* awaitOperation('Partner Center applying the overage setting', {
        read: () => call(ctx, readOverage, { ...tenant, service: request.service }),
        // ours, or another partner's that replaced it (then waiting longer cannot help)
        done: ({ current }) => !!current?.overageEnabled && (current.partnerId !== who.actingForPartnerId || current.azureEntitlementId?.toLowerCase() === azureEntitlementId.toLowerCase()),
    });
    if (applied.current && applied.current.partnerId !== who.actingForPartnerId) {
        return yield* stop('set-overage', [{ code: 'owned-by-another-partner', detail: `Partner Center applied partner ${applied.current.partnerId}'s overage setting instead of this one; that partner holds overage now.`, remedy: 'Request a handover from that partner if overage should move to you.' }]);
    }
    yield* progress.audit('set-overage', 'ok', `Overage for ${request.service} goes to Azure subscription ${azureEntitlementId}.`);

    const record = yield* call(ctx, recordOverage, {
        customerTenantId, service: request.service, partnerId: who.actingForPartnerId, azureEntitlementId, overageEnabled: true, runId: progress.id, at: progress.nowIso(), runStartedAt: input.requestedAt,
    });
    if (!record.won) {
        return yield* stop('record', [{ code: 'owned-by-another-partner', detail: `Run ${record.current.runId} of partner ${record.current.partnerId} recorded its setting first.`, remedy: 'Request a handover from that partner if overage should move to you.' }]);
    }
    yield* progress.audit('record', 'ok', 'Recorded the overage setting.');

    // overage is on; with auto-recharge on, credits still pay first: wait for the customer only if asked to
    if (autoRechargeOn && request.waitForAutoRechargeOff) {
        const until = progress.now() + timing.autoRechargeWaitMs;
        yield* progress.audit('credits', 'waiting', `Overage is on; waiting until ${new Date(until).toISOString()} for the customer to turn off Communications Credits auto-recharge.`);
        progress.status('credits', { waitingFor: 'the customer to turn off Communications Credits auto-recharge', until: new Date(until).toISOString() });
        const read = function* () {
            return assessCredits((yield* call(ctx, readCredits, tenant)).credits, { overageEnabled: true });
        };
        assessment = (yield* pollUntil(ctx, { first: assessment, read, done: (a) => !a.blockers.length, intervalMs: timing.autoRechargePollMs, timeoutMs: timing.autoRechargeWaitMs })).value;
        yield* progress.audit('credits', assessment.blockers.length ? 'info' : 'ok', assessment.blockers.length ? 'The wait for auto-recharge to be turned off ran out.' : 'The customer turned off auto-recharge.');
    }
    progress.status('done', { result: 'enabled' });
    const warnings = warningsOf(assessment);
    return { result: 'enabled', azureEntitlementId, ...(warnings.length ? { warnings } : {}), postpaidActive: assessment.postpaidActive };
}

/** Once overage is set, auto-recharge no longer blocks anything: it is a warning with its remedy. */
function warningsOf(a: CreditsAssessment): Warning[] {
    return [...a.blockers.map((b) => ({ code: b.code, detail: b.detail, remedy: b.remedy })), ...a.warnings];
}

df.app.orchestration(ORCHESTRATIONS.enable, lifecycle((raw) => EnablementInput.parse(raw), enableOverage));
