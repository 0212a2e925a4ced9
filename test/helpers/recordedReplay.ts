// Replays a recorded history through today's orchestrator code: the check that
// a change to an orchestrator still fits instances already running (the
// determinism check of the engine, applied to a history kept as a fixture).
import { findNonDeterminism, flattenActions, scheduledByOrchestrator, schedulingActions } from '../../local/durable/actions';
import type { OrchestratorState } from '../../local/durable/episode';
import { EventType, HistoryEvent } from '../../local/durable/history';
import { orchestratorPayload } from '../../local/durable/payload';
import { invokeOrchestrator, OrchestratorFunction } from './orchestrationDriver';

export interface RecordedInstance {
    name: string;
    instanceId: string;
    input: unknown;
    history: HistoryEvent[];
}

export interface ReplayVerdict {
    state: OrchestratorState;
    /** Why replay diverged from the history, if it did. */
    nonDeterminism?: string;
    /** The output the history recorded at completion, if it completed. */
    recordedOutput?: unknown;
}

/** Replays `recorded` through `orchestrator` (the generator registered under `recorded.name`), without a host. */
export async function replayRecorded(orchestrator: OrchestratorFunction, recorded: RecordedInstance): Promise<ReplayVerdict> {
    const items = recorded.history.map((e) => JSON.stringify({ ...e, IsPlayed: true })).join(',');
    const { state, failed } = await invokeOrchestrator(orchestrator, JSON.parse(orchestratorPayload(recorded, items, true)));
    if (failed) throw new Error(`${recorded.name} failed on replay: ${state.error}`);
    const completed = recorded.history.find((e) => e.EventType === EventType.ExecutionCompleted);
    return {
        state,
        nonDeterminism: findNonDeterminism(scheduledByOrchestrator(recorded.history), schedulingActions(flattenActions(state.actions)), true),
        ...(completed?.Result !== undefined ? { recordedOutput: JSON.parse(completed.Result) } : {}),
    };
}
