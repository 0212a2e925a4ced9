// One customer of the daily pull, as the agent of the served partner the
// roster named. Whatever goes wrong is the customer's usage state (stored)
// and this step's answer, never a thrown fault: one customer never stops the others.
// A pull that ended well starts the evaluation of the customer's alerts.
import * as df from 'durable-functions';
import { servedAgent } from '../../shared/adapters/partnerCenter/servedPartners';
import { faultOf } from '../../shared/core/faults/stepFault';
import { pullCustomerUsage } from '../../shared/core/steps/usagePullSteps';
import { startAlertEvaluation } from '../../shared/features/alerts/alertRuns';
import { showPullOnFleets } from '../../shared/features/readiness/fleetUsage';
import { pullUsage } from '../../shared/features/usage/pull/pullUsage';
import { readPullState, savePullState } from '../../shared/features/usage/pull/pullState';
import { implement } from '../implement';

export const pullCustomerUsageActivity = implement(pullCustomerUsage, async ({ customerTenantId, partnerId, runId }, deps, ctx) => {
    const requestedBy = `daily pull ${runId}`;
    try {
        const agent = servedAgent(partnerId, deps.env);
        if (!agent) throw new Error(`partner ${partnerId} is no longer served by this deployment (SERVED_PARTNERS): no agent to read the customer's calls as`);
        const report = await pullUsage(
            { stateStore: deps.stateStore, callRecords: deps.microsoft(agent).callRecords, clock: deps.clock, afterPull: (state) => showPullOnFleets(deps.stateStore, state) },
            { customerTenantId, partnerId, requestedBy },
        );
        const error = report.state === 'consent-missing' ? `consent missing: ${report.consentDetail}` : report.fault && `${report.fault.code}: ${report.fault.detail}`;
        if (error) ctx.warn(`pullCustomerUsage ${customerTenantId}: ${error}`);
        if (report.state === 'ok' || report.accepted > 0) await startAlertEvaluation(() => df.getClient(ctx), deps.clock, customerTenantId, (line) => ctx.warn(line));
        return { customerTenantId, state: report.state, accepted: report.accepted, duplicates: report.duplicates, pulledThrough: report.cursor.after, ...(error ? { error } : {}) };
    } catch (err) {
        // the pull could not even record its state (the store, an unserved partner): said here, and stored when the store lets it be
        ctx.error(`pullCustomerUsage ${customerTenantId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        const fault = faultOf(err);
        const detail = fault.code === 'internal-error' && err instanceof Error ? err.message : fault.detail;
        const stored = await readPullState(deps.stateStore, customerTenantId).catch(() => undefined);
        const saved = await savePullState(deps.stateStore, {
            customerTenantId, cursor: stored?.cursor ?? null, state: 'failed', checkedAt: new Date(deps.clock.now()).toISOString(), partnerId, requestedBy,
            lastPull: stored?.lastPull ?? null, fault: { ...fault, detail },
        }).catch(() => undefined);
        if (saved) await showPullOnFleets(deps.stateStore, saved);
        return { customerTenantId, state: 'failed' as const, accepted: 0, duplicates: 0, pulledThrough: stored?.cursor ?? null, error: `${fault.code}: ${detail}` };
    }
}, { extraInputs: [df.input.durableClient()] });
