// enableOverage: verify the caller, check eligibility and ownership, preflight
// the blockers, move a legacy Azure offer to a plan, find or create the Azure
// subscription, set overage at Partner Center and record the result, then deal
// with Communications Credits. Every refusal Partner Center or Azure would
// give is checked before anything is created. Business refusals end the run
// with a result; only faults that outlasted their retries fail it.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { type Blocker, type Warning } from '../../shared/core/domain/findings';
import { assessCredits, type CreditsAssessment } from '../../shared/core/domain/rules/credits';
import { EnablementInput, EnablementOutcome } from '../../shared/core/overage/enablement';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { Assignment, checkCredits, prepareSubscription, setOverage } from '../assignment';
import { call } from '../call';
import { pollUntil } from '../poll';
import { lifecycle } from '../lifecycle';
import type { AuditStep } from '../../shared/core/overage/runSteps';
import type { RunProgress } from '../runProgress';
import { assessEligibility, assessOwnership, readCredits, recordOverage, verifyCaller } from '../../shared/core/steps/overageSteps';

/** Blockers a person must fix before a retry can succeed (as opposed to refusals of the request itself). */
const BLOCKING = new Set<Blocker['code']>(['gdap-missing', 'conditional-access-blocked', 'location-policy-blocked', 'sandbox-no-azure-plan', 'mca-not-accepted']);

function* enableOverage(ctx: OrchestrationContext, input: EnablementInput, progress: RunProgress): Generator<df.Task, EnablementOutcome, unknown> {
    const { customerTenantId, request, caller, timing } = input;
    const tenant = { customerTenantId, caller };
    const stop = function* (stepName: AuditStep, blockers: Blocker[]): Generator<df.Task, EnablementOutcome, unknown> {
        const result = blockers.every((b) => BLOCKING.has(b.code)) ? 'blocked' : 'refused';
        yield* progress.audit(stepName, result, blockers.map((b) => `${b.code}: ${b.detail}`).join(' '));
        progress.status('done', { result });
        return { result, blockers, postpaidActive: false };
    };

    progress.status('verify-caller');
    const who = yield* call(ctx, verifyCaller, { ...tenant, onBehalfOfPartnerId: request.resellerPartnerId });
    if (!who.ok) return yield* stop('verify-caller', [who.blocker]);
    yield* progress.audit('verify-caller', 'ok', `${caller.upn} may manage overage for ${who.customer.name} as ${who.partner.name}.`);

    progress.status('eligibility');
    const eligibility = yield* call(ctx, assessEligibility, tenant);
    if (!eligibility.ok) return yield* stop('eligibility', [eligibility.blocker]);
    yield* progress.audit('eligibility', 'ok', 'An overage-enabling subscription is held.');

    progress.status('ownership');
    const ownership = yield* call(ctx, assessOwnership, { ...tenant, service: request.service, actingForPartnerId: who.actingForPartnerId });
    if (!ownership.ok) return yield* stop('ownership', [ownership.blocker]);
    yield* progress.audit('ownership', 'ok', `Partner ${who.actingForPartnerId} may assign overage.`);

    const a: Assignment = { ctx, progress, tenant, timing, who };
    const prepared = yield* prepareSubscription(a, request);
    if (!prepared.ok) return yield* stop(prepared.step, prepared.blockers);
    const { azureEntitlementId } = prepared;

    let assessment = yield* checkCredits(a, request.waitForAutoRechargeOff === true);
    const autoRechargeOn = assessment.blockers.length > 0;

    const set = yield* setOverage(a, request.service, azureEntitlementId);
    if (!set.ok) return yield* stop(set.step, set.blockers);

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
        yield* progress.audit('auto-recharge-wait', 'waiting', `Overage is on; waiting until ${new Date(until).toISOString()} for the customer to turn off Communications Credits auto-recharge.`);
        progress.status('auto-recharge-wait', { waitingFor: 'the customer to turn off Communications Credits auto-recharge', until: new Date(until).toISOString() });
        const read = function* () {
            return assessCredits((yield* call(ctx, readCredits, tenant)).credits, { overageEnabled: true });
        };
        assessment = (yield* pollUntil(ctx, { first: assessment, read, done: (c) => !c.blockers.length, intervalMs: timing.autoRechargePollMs, timeoutMs: timing.autoRechargeWaitMs })).value;
        yield* progress.audit('auto-recharge-wait', assessment.blockers.length ? 'info' : 'ok', assessment.blockers.length ? 'The wait for auto-recharge to be turned off ran out.' : 'The customer turned off auto-recharge.');
    }
    progress.status('done', { result: 'enabled' });
    const warnings = warningsOf(assessment);
    return { result: 'enabled', azureEntitlementId, ...(warnings.length ? { warnings } : {}), postpaidActive: assessment.postpaidActive };
}

/** Once overage is set, auto-recharge no longer blocks anything: it is a warning with its remedy. */
function warningsOf(a: CreditsAssessment): Warning[] {
    return [...a.blockers.map((b) => ({ code: b.code, detail: b.detail, remedy: b.remedy })), ...a.warnings];
}

export const enableOverageOrchestrator = lifecycle((raw) => EnablementInput.parse(raw), enableOverage);
df.app.orchestration(ORCHESTRATIONS.enable, enableOverageOrchestrator);
