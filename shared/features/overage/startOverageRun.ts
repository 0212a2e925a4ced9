// The one way an overage run starts, whoever asks (our POST, the Partner
// Center-shaped PUT, a Service Bus message): the run's input, with timing
// read from settings now so replays see the values the run started with, and
// one run per customer and service (runs.ts), joined by an equal request.
import type { DurableClient } from 'durable-functions';
import { isoNow } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import type { ServiceType } from '../../core/domain/subscription';
import type { Dependencies } from '../../adapters/dependencies';
import type { RunInput } from '../../core/overage/enablement';
import { ORCHESTRATIONS } from '../../core/steps/orchestrationNames';
import { openRun, RunKind, StartOutcome } from './runs';
import { enablementTiming } from '../../core/overage/timing';

export interface OverageRunStart {
    client: DurableClient;
    kind: RunKind;
    customerTenantId: string;
    service: ServiceType;
    caller: Caller;
    /** Partners besides the agent's that may read the run (the reseller it acts for, a reseller's provider). */
    alsoVisibleTo: string[];
    /** What was asked (becomes the run's `request`; equal requests join one run). */
    request: Record<string, unknown>;
    /** Orchestration input beyond what every run gets. */
    input: Record<string, unknown>;
    idempotencyKey?: string;
    /** The run's id when the caller derives it from its request (see RunRequest.runId). */
    runId?: string;
}

/** `deps`: the store the run's record and lock are kept in, and the settings its timing is read from. */
export function startOverageRun(deps: Pick<Dependencies, 'stateStore' | 'env'>, s: OverageRunStart): Promise<StartOutcome> {
    const { caller, customerTenantId, service } = s;
    const { viewers, input } = overageRunInput(deps, s);
    return openRun({
        client: s.client, store: deps.stateStore, kind: s.kind, orchestration: ORCHESTRATIONS[s.kind], customerTenantId, service,
        partnerId: caller.partnerId, upn: caller.upn, viewers, request: s.request, idempotencyKey: s.idempotencyKey, runId: s.runId, input,
    });
}

/** The run's orchestration input, and the partners that may read it. */
export function overageRunInput(deps: Pick<Dependencies, 'env'>, s: Pick<OverageRunStart, 'caller' | 'customerTenantId' | 'service' | 'alsoVisibleTo' | 'input'>): { viewers: string[]; input: RunInput & Record<string, unknown> } {
    const { caller, customerTenantId, service } = s;
    const viewers = [...new Set([caller.partnerId, ...s.alsoVisibleTo])];
    const input: RunInput = { customerTenantId, service, caller, requestedAt: isoNow(), timing: enablementTiming(deps.env), viewers };
    return { viewers, input: { ...input, ...s.input } };
}
