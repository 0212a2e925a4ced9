// Extended sessions, as the Durable extension runs them for .NET in Azure
// (the local host's own mode here, LOCAL_EXTENDED_SESSIONS; Azure supports
// them for no Node app): an orchestration that has just run stays in memory,
// suspended inside the durable-functions SDK's own executor, and its next
// episode hands that executor only the new events instead of replaying the
// whole history through a fresh one. A replay costs time in proportion to the
// history, so without sessions a long orchestration slows down step by step.
// A session is lost on restart, eviction or any doubt (the history it knew is
// not the instance's); the history is then replayed as usual, determinism
// check included.
import type { HistoryEvent } from './history';
import type { OrchestratorState } from './episode';

// The OrchestratorState class of the SDK, so a session answers in the very shape a replay does.
const { OrchestratorState: SdkOrchestratorState } = require('durable-functions/lib/src/orchestrations/OrchestratorState');

/** The parts of the SDK's TaskOrchestrationExecutor a session drives (durable-functions 3.x). */
export interface SdkExecutor {
    actions: unknown[];
    output: unknown;
    exception?: Error;
    schemaVersion: number;
    context: { customStatus?: unknown };
    _isReplaying: boolean;
    processEvent(event: unknown): void;
    isDoneExecuting(): boolean;
    hasCompletedSuccessfully(): boolean;
}

interface Session {
    executionId: string;
    /** History events the executor has seen: the instance's history length when it was kept. */
    historyLength: number;
    executor: SdkExecutor;
}

export interface SessionRun {
    state: OrchestratorState;
    failed: boolean;
}

/** The SDK executor behind an orchestrator invocation, when it can go on (not finished, not failed). */
export function executorOf(invocationContext: unknown): SdkExecutor | undefined {
    const executor = (invocationContext as { df?: { taskOrchestratorExecutor?: SdkExecutor } } | undefined)?.df?.taskOrchestratorExecutor;
    if (!executor || typeof executor.processEvent !== 'function' || executor.isDoneExecuting()) return undefined;
    return executor;
}

export class ExtendedSessions {
    private readonly byInstance = new Map<string, Session>();

    /** `max`: sessions kept at most, least recently used out first. */
    constructor(private readonly max: number) {}

    get size(): number {
        return this.byInstance.size;
    }

    /** Keeps the executor for the instance's next episode, which must start from `historyLength` events. */
    keep(instanceId: string, executionId: string, historyLength: number, executor: SdkExecutor): void {
        this.byInstance.delete(instanceId);
        if (executor.isDoneExecuting()) return;
        this.byInstance.set(instanceId, { executionId, historyLength, executor });
        if (this.byInstance.size > this.max) this.byInstance.delete(this.byInstance.keys().next().value!);
    }

    /** Takes the instance's session if it knows exactly this execution's history so far. */
    take(instanceId: string, executionId: string, historyLength: number): SdkExecutor | undefined {
        const s = this.byInstance.get(instanceId);
        this.byInstance.delete(instanceId);
        return s && s.executionId === executionId && s.historyLength === historyLength ? s.executor : undefined;
    }

    drop(instanceId: string): void {
        this.byInstance.delete(instanceId);
    }

    clear(): void {
        this.byInstance.clear();
    }
}

/** Runs the episode's new events through a kept executor, answering as a replay would. */
export function continueSession(executor: SdkExecutor, newEvents: readonly HistoryEvent[]): SessionRun {
    for (const e of newEvents) {
        executor._isReplaying = false;
        // the SDK reads timestamps as Dates (it converts a replay's whole history the same way)
        executor.processEvent({ ...e, Timestamp: new Date(e.Timestamp) });
        if (executor.isDoneExecuting()) break;
    }
    const state = new SdkOrchestratorState({
        isDone: executor.hasCompletedSuccessfully(),
        actions: executor.actions.length === 0 ? [[]] : [executor.actions],
        output: executor.output,
        error: executor.exception?.message,
        customStatus: executor.context.customStatus,
        schemaVersion: executor.schemaVersion,
    });
    // a replay's answer crosses the worker as JSON: values the orchestrator still holds must not be shared
    const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
    return { state: { ...state, output: copy(state.output), customStatus: copy(state.customStatus) }, failed: executor.exception !== undefined };
}
