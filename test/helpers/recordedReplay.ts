// Replays a recorded history through today's orchestrator code: the check that
// a change to an orchestrator still fits instances already running (the
// determinism check of the engine, applied to a history kept as a fixture).
import { findNonDeterminism, flattenActions, scheduledByOrchestrator, schedulingActions } from '../../local/durable/actions';
import type { DurableFunctionHost } from '../../local/durable/engine';
import type { OrchestratorState } from '../../local/durable/episode';
import { EventType, HistoryEvent } from '../../local/durable/history';
import { orchestratorPayload } from '../../local/durable/payload';

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

export async function replayRecorded(functions: DurableFunctionHost, recorded: RecordedInstance): Promise<ReplayVerdict> {
    const items = recorded.history.map((e) => JSON.stringify({ ...e, IsPlayed: true })).join(',');
    const state = (await functions.invoke(recorded.name, { string: orchestratorPayload(recorded, items, true) })) as OrchestratorState;
    const completed = recorded.history.find((e) => e.EventType === EventType.ExecutionCompleted);
    return {
        state,
        nonDeterminism: findNonDeterminism(scheduledByOrchestrator(recorded.history), schedulingActions(flattenActions(state.actions)), true),
        ...(completed?.Result !== undefined ? { recordedOutput: JSON.parse(completed.Result) } : {}),
    };
}
