// enableOverage: verify the caller, check eligibility and ownership, preflight
// the blockers, move a legacy Azure offer to a plan, find or create the Azure
// subscription, deal with Communications Credits, set overage at Partner
// Center and record the result. Business refusals end the run with a result;
// only faults that survived retries fail it.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { type Blocker, type Warning } from '../../shared/domain/findings';
import { alignAzurePlan } from '../../shared/domain/rules/azurePlan';
import { assessCredits } from '../../shared/domain/rules/credits';
import { EnablementInput, EnablementOutcome, ORCHESTRATIONS } from '../../shared/overage/enablement';
import { call, sleep } from '../call';
import {
    assessEligibility, assessOwnership, AzureFacts, createSubscription, notifyAutoRecharge, readAzure, readCredits, readOverage,
    readSubscription, recordOverage, requestOverage, runPreflight, startPlanTransition, verifyCaller,
} from '../steps';
import { Run } from '../run';

/** Blockers a person must fix before a retry can succeed (as opposed to refusals of the request itself). */
const BLOCKING = new Set<Blocker['code']>(['gdap-missing', 'conditional-access-blocked', 'location-policy-blocked', 'sandbox-no-azure-plan', 'mca-not-accepted', 'auto-recharge-on']);

function* enableOverage(ctx: OrchestrationContext): Generator<df.Task, EnablementOutcome, unknown> {
    const input = EnablementInput.parse(ctx.df.getInput());
    const { customerTenantId, request, requestedBy: agent, timing } = input;
    const run = new Run(ctx, customerTenantId, agent);
    const tenant = { customerTenantId, agent };
    const stop = function* (stepName: string, blockers: Blocker[], warnings: Warning[] = []): Generator<df.Task, EnablementOutcome, unknown> {
        const result = blockers.every((b) => BLOCKING.has(b.code)) ? 'blocked' : 'refused';
        yield* run.audit(stepName, result, blockers.map((b) => `${b.code}: ${b.detail}`).join(' '));
        run.status('done', { result });
        return { result, blockers, ...(warnings.length ? { warnings } : {}), postpaidActive: false };
    };

    run.status('verify-caller');
    const who = yield* call(ctx, verifyCaller, { ...tenant, onBehalfOfPartnerId: request.resellerPartnerId });
    if (!who.ok) return yield* stop('verify-caller', [who.blocker]);
    yield* run.audit('verify-caller', 'ok', `${agent.upn} may manage overage for ${who.customer.name} as ${who.partner.name}.`);

    run.status('eligibility');
    const eligibility = yield* call(ctx, assessEligibility, tenant);
    if (!eligibility.ok) return yield* stop('eligibility', [eligibility.blocker]);
    yield* run.audit('eligibility', 'ok', 'An overage-enabling subscription is held.');

    run.status('ownership');
    const ownership = yield* call(ctx, assessOwnership, { ...tenant, service: request.service, actingForPartnerId: who.actingForPartnerId });
    if (!ownership.ok) return yield* stop('ownership', [ownership.blocker]);
    yield* run.audit('ownership', 'ok', `Partner ${who.actingForPartnerId} may assign overage.`);

    run.status('preflight');
    let azure: AzureFacts = yield* call(ctx, readAzure, tenant);
    const preflight = yield* call(ctx, runPreflight, { ...tenant, partner: who.partner, customer: who.customer, azure });
    if (preflight.blockers.length) return yield* stop('preflight', preflight.blockers);
    yield* run.audit('preflight', 'ok', 'No blocker found.');

    let target = alignAzurePlan(azure, request.azureEntitlementId, { displayName: request.subscriptionName });
    if (target.step === 'transitionLegacyFirst') {
        run.status('plan-transition', { waitingFor: 'the move from the legacy Azure offer to an Azure plan' });
        azure = yield* call(ctx, startPlanTransition, tenant);
        yield* run.audit('plan-transition', 'waiting', 'Started moving the legacy Azure offer to an Azure plan.');
        const deadline = run.now() + timing.pollTimeoutMs;
        while (azure.kind === 'legacy') {
            if (run.now() > deadline) throw new Error(`The Azure plan transition of ${who.customer.name} did not finish within ${timing.pollTimeoutMs} ms.`);
            yield* sleep(ctx, timing.pollIntervalMs);
            azure = yield* call(ctx, readAzure, tenant);
        }
        yield* run.audit('plan-transition', 'ok', 'The customer is on an Azure plan now.');
        target = alignAzurePlan(azure, 'new', { displayName: request.subscriptionName });
    }

    let azureEntitlementId: string;
    if (target.step === 'refused') return yield* stop('azure-subscription', [target]);
    if (target.step === 'useExisting') {
        azureEntitlementId = target.azureEntitlementId;
    } else if (target.step === 'transitionLegacyFirst') {
        throw new Error('The customer is still on the legacy Azure offer after its transition.');
    } else {
        run.status('azure-subscription', { waitingFor: `the new Azure subscription "${target.displayName}"` });
        // derived from the run, so a replay or a retried activity finds the same subscription instead of creating another
        const aliasName = `overage-${ctx.df.instanceId}`;
        const resellerId = who.actingForPartnerId !== who.partner.id ? who.actingForPartnerId : undefined;
        let alias = yield* call(ctx, createSubscription, { ...tenant, aliasName, displayName: target.displayName, resellerId });
        const deadline = run.now() + timing.pollTimeoutMs;
        while (alias.provisioningState === 'Accepted') {
            if (run.now() > deadline) throw new Error(`Azure did not finish creating subscription ${target.displayName} within ${timing.pollTimeoutMs} ms.`);
            yield* sleep(ctx, timing.pollIntervalMs);
            alias = yield* call(ctx, readSubscription, { ...tenant, aliasName });
        }
        if (alias.provisioningState !== 'Succeeded' || !alias.subscriptionId) throw new Error(`Azure could not create subscription ${target.displayName}.`);
        azureEntitlementId = alias.subscriptionId;
        yield* run.audit('azure-subscription', 'ok', `Created Azure subscription "${target.displayName}" (${azureEntitlementId}).`);
    }

    run.status('credits');
    let { credits } = yield* call(ctx, readCredits, tenant);
    let assessment = assessCredits(credits, { overageEnabled: true });
    if (assessment.blockers.length) {
        if (who.customer.adminContact) {
            yield* call(ctx, notifyAutoRecharge, { runId: ctx.df.instanceId, to: who.customer.adminContact, customer: who.customer, partnerName: who.partner.name, waiting: request.waitForAutoRechargeOff === true });
        }
        if (!request.waitForAutoRechargeOff) return yield* stop('credits', assessment.blockers, assessment.warnings);
        const until = run.now() + timing.autoRechargeWaitMs;
        yield* run.audit('credits', 'waiting', `Auto-recharge is on; waiting until ${new Date(until).toISOString()} for the customer to turn it off.`);
        while (assessment.blockers.length) {
            if (run.now() >= until) return yield* stop('credits', assessment.blockers, assessment.warnings);
            run.status('credits', { waitingFor: 'the customer to turn off Communications Credits auto-recharge', until: new Date(until).toISOString() });
            yield* sleep(ctx, timing.autoRechargePollMs);
            ({ credits } = yield* call(ctx, readCredits, tenant));
            assessment = assessCredits(credits, { overageEnabled: true });
        }
    }
    yield* run.audit('credits', 'ok', assessment.warnings.map((w) => w.detail).join(' ') || 'Nothing stands between overage and post-paid billing.');

    run.status('set-overage', { waitingFor: 'Partner Center to apply the overage setting' });
    const resellerId = who.actingForPartnerId !== who.partner.id ? who.actingForPartnerId : undefined;
    const put = yield* call(ctx, requestOverage, { ...tenant, azureEntitlementId, overageEnabled: true, resellerId });
    if (!put.ok) return yield* stop('set-overage', [put.blocker], assessment.warnings);
    const deadline = run.now() + timing.pollTimeoutMs;
    for (;;) {
        const { current } = yield* call(ctx, readOverage, { ...tenant, service: request.service });
        if (current?.overageEnabled && current.azureEntitlementId?.toLowerCase() === azureEntitlementId.toLowerCase()) break;
        if (run.now() > deadline) throw new Error(`Partner Center did not apply the overage setting within ${timing.pollTimeoutMs} ms.`);
        yield* sleep(ctx, timing.pollIntervalMs);
    }
    yield* run.audit('set-overage', 'ok', `Overage for ${request.service} goes to Azure subscription ${azureEntitlementId}.`);

    const record = yield* call(ctx, recordOverage, {
        customerTenantId, service: request.service, partnerId: who.actingForPartnerId, azureEntitlementId, overageEnabled: true, runId: ctx.df.instanceId, at: run.nowIso(),
    });
    if (!record.won) {
        return yield* stop('record', [{ code: 'owned-by-another-partner', detail: `Run ${record.current.runId} of partner ${record.current.partnerId} recorded its setting first.`, remedy: 'Request a handover from that partner if overage should move to you.' }]);
    }
    yield* run.audit('record', 'ok', 'Recorded the overage setting.');
    run.status('done', { result: 'enabled' });
    return { result: 'enabled', azureEntitlementId, ...(assessment.warnings.length ? { warnings: assessment.warnings } : {}), postpaidActive: assessment.postpaidActive };
}

df.app.orchestration(ORCHESTRATIONS.enable, enableOverage);
