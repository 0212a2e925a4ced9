// disableOverage: the owner sets overage to None (rule 5), audited like enabling.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import type { Blocker } from '../../shared/core/domain/findings';
import { DisableInput, DisableOutcome } from '../../shared/core/overage/enablement';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { StepFault } from '../../shared/core/faults/stepFault';
import { call } from '../call';
import { pollUntil } from '../poll';
import { lifecycle } from '../lifecycle';
import type { AuditStep } from '../../shared/core/overage/runSteps';
import type { RunProgress } from '../runProgress';
import { assessOwnership, readOverage, recordOverage, requestOverage, verifyCaller } from '../../shared/core/steps/overageSteps';

function* disableOverage(ctx: OrchestrationContext, input: DisableInput, progress: RunProgress): Generator<df.Task, DisableOutcome, unknown> {
    const { customerTenantId, service, caller, timing } = input;
    const tenant = { customerTenantId, caller };
    const refuse = function* (stepName: AuditStep, blocker: Blocker): Generator<df.Task, DisableOutcome, unknown> {
        yield* progress.audit(stepName, 'refused', `${blocker.code}: ${blocker.detail}`);
        progress.status('done', { result: 'refused' });
        return { result: 'refused', blockers: [blocker] };
    };

    progress.status('verify-caller');
    const who = yield* call(ctx, verifyCaller, { ...tenant, ...(input.resellerPartnerId ? { onBehalfOfPartnerId: input.resellerPartnerId } : {}) });
    if (!who.ok) return yield* refuse('verify-caller', who.blocker);
    yield* progress.audit('verify-caller', 'ok', `${caller.upn} may manage overage for ${who.customer.name} as ${who.partner.name}.`);

    progress.status('ownership');
    const ownership = yield* call(ctx, assessOwnership, { ...tenant, service, actingForPartnerId: who.actingForPartnerId });
    if (!ownership.ok) return yield* refuse('ownership', ownership.blocker);

    if (ownership.current?.overageEnabled) {
        progress.status('set-overage', { waitingFor: 'Partner Center to set overage to None' });
        // two-tier: Partner Center's update names the reseller the provider acts for, as the enablement's does
        const reseller = who.actingForPartnerId !== who.partner.id ? { resellerId: who.actingForPartnerId } : {};
        const put = yield* call(ctx, requestOverage, { ...tenant, azureEntitlementId: null, overageEnabled: false, ...reseller });
        if (!put.ok) return yield* refuse('set-overage', put.blocker);
        const { timedOut } = yield* pollUntil(ctx, {
            read: () => call(ctx, readOverage, { ...tenant, service }), done: ({ current }) => !current?.overageEnabled,
            intervalMs: timing.pollIntervalMs, timeoutMs: timing.pollTimeoutMs,
        });
        if (timedOut) {
            throw new StepFault({ code: 'operation-timeout', detail: `Partner Center did not apply the change within ${Math.round(timing.pollTimeoutMs / 60_000)} min.`, remedy: 'Check the state in Partner Center, then start the run again.' });
        }
        yield* progress.audit('set-overage', 'ok', `Overage for ${service} is set to None.`);
        // recorded only when it was given up: an untouched first-purchase record stays its purchaser's
        yield* call(ctx, recordOverage, { customerTenantId, service, partnerId: who.actingForPartnerId, azureEntitlementId: null, overageEnabled: false, runId: progress.id, at: progress.nowIso(), runStartedAt: input.requestedAt });
    } else {
        yield* progress.audit('set-overage', 'info', `Overage for ${service} was not on; nothing to change.`);
    }
    progress.status('done', { result: 'disabled' });
    return { result: 'disabled' };
}

export const disableOverageOrchestrator = lifecycle((raw) => DisableInput.parse(raw), disableOverage);
df.app.orchestration(ORCHESTRATIONS.disable, disableOverageOrchestrator);
