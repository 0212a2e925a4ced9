// A lifecycle run as partners see it: an app-owned resource under the
// customer (never a Durable management URL), with the step it is at, what it
// waits for and, once it ended, its outcome at top level.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import type { RunResource } from '../../shared/features/api/apiSchemas';
import type { StoredRun, StartOutcome } from '../../shared/features/overage/runs';
import { NO_NAMES, type RunNames } from '../../shared/features/overage/runNames';
import { isOperator } from './operator';
import { problem } from './problem';
import { runStepProgress } from '../../shared/core/overage/runSteps';
import { appClock } from '../../shared/core/clock';

export function runPath(customerTenantId: string, runId: string): string {
    return `/api/customers/${customerTenantId}/overage/runs/${encodeURIComponent(runId)}`;
}

/**
 * Shaped by `RunResource` (shared/features/api/apiSchemas.ts), which the OpenAPI document is generated from;
 * `names` as shared/features/overage/runNames.ts reads them for the caller (none: an operator's read).
 */
export function runResource(run: StoredRun, live: DurableOrchestrationStatus | undefined, origin: string, names: RunNames = NO_NAMES): RunResource {
    const custom = (live?.customStatus ?? {}) as { step?: string; waitingFor?: string; until?: string };
    const end = run.ended;
    const status = end?.status ?? 'running';
    const step = end ? { completed: 'done', failed: 'failed', cancelled: 'cancelled' }[end.status] : (custom.step ?? (live ? 'running' : 'starting'));
    const progress = end ? undefined : runStepProgress(run.kind, step);
    const at = (path: string) => new URL(path, origin).toString();
    return {
        id: run.id, customerTenantId: run.customerTenantId, partnerId: run.partnerId, partnerName: names.partnerName, requestedBy: run.requestedBy,
        kind: run.kind, service: run.service, status, step,
        ...(progress ? { progress } : {}),
        ...(!end && custom.waitingFor ? { waitingFor: custom.waitingFor } : {}),
        ...(!end && custom.until ? { until: custom.until } : {}),
        elapsedMs: Math.max(0, (end ? Date.parse(end.at) : appClock.now()) - Date.parse(run.startedAt)),
        request: run.request,
        toPartnerName: names.toPartnerName, resellerPartnerName: names.resellerPartnerName,
        ...outcomeFields(end?.outcome),
        azureSubscriptionName: names.azureSubscriptionName,
        ...(end?.fault ? { error: { code: end.fault.code, detail: end.fault.detail, remedy: end.fault.remedy } } : {}),
        ...(end?.cancelledBy ? { cancelledBy: end.cancelledBy } : {}),
        startedAt: run.startedAt,
        ...(end ? { endedAt: end.at } : {}),
        links: {
            self: at(runPath(run.customerTenantId, run.id)),
            audit: at(`/api/customers/${run.customerTenantId}/overage/audit?runId=${encodeURIComponent(run.id)}`),
            diagnostics: at(`/api/customers/${run.customerTenantId}/overage/diagnostics`),
        },
    };
}

const OUTCOME_FIELDS = ['result', 'azureEntitlementId', 'blockers', 'warnings', 'postpaidActive'];

/** A run's outcome, field by field: what an orchestration returned never overrides the resource's own fields. */
function outcomeFields(outcome: Record<string, unknown> | undefined): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outcome ?? {}).filter(([k]) => OUTCOME_FIELDS.includes(k)));
}

/** The answer to a start request: 202 with the run (started or joined), or 409 naming the run that holds the customer. */
export function startAnswer(req: HttpRequest, client: DurableClient, started: StartOutcome, callerPartnerId: string, names?: RunNames): HttpResponseInit {
    const { run } = started;
    const origin = new URL(req.url).origin;
    if (started.outcome === 'key-reused') {
        return problem(409, 'idempotency-key-reused', `This Idempotency-Key was first used for a different request (run ${run.id}).`, {
            remedy: 'Use a new Idempotency-Key for a new request, or repeat the original request exactly.', runId: run.id,
        });
    }
    if (started.outcome === 'in-progress') {
        const own = run.partnerId === callerPartnerId;
        return problem(409, 'run-in-progress', own
            ? `Run ${run.id} of your partner (${run.partnerId}) is already changing ${run.service} overage for this customer (${run.kind}).`
            : `Another partner's run (${run.id}) is changing ${run.service} overage for this customer.`, {
            remedy: own ? 'Wait for that run to end, or cancel it, then send this request again.' : 'Wait for that run to end, then send this request again.',
            runId: run.id, ...(own ? { partnerId: run.partnerId, links: { run: new URL(runPath(run.customerTenantId, run.id), origin).toString() } } : {}),
        });
    }
    const body = { ...runResource(run, undefined, origin, names), joined: started.outcome === 'joined', ...operatorLinks(req, client, run.id) };
    return { status: 202, headers: { location: new URL(runPath(run.customerTenantId, run.id), origin).toString(), 'retry-after': '2' }, jsonBody: body };
}

/** The Durable management links, for operators only. */
export function operatorLinks(req: HttpRequest, client: DurableClient, runId: string): { management?: unknown } {
    return isOperator(req, client) ? { management: client.createHttpManagementPayload(runId) } : {};
}
