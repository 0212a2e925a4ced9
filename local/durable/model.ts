// What the durable engine keeps per orchestration instance and per work item.
import { RetryOptions } from './actions';
import { HistoryEvent } from './history';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated' | 'Suspended';

export const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

/** A host-side retry in progress, keyed by the id the SDK expects next. */
export interface PendingRetry {
    kind: 'activity' | 'orchestration';
    name: string;
    input: unknown;
    options: RetryOptions;
    attempt: number;
    childInstanceId?: string;
}

/**
 * An instance's state: its row in the store, rewritten by every episode, so it
 * holds no history (that is appended per event, see historyLog.ts).
 */
export interface Instance {
    instanceId: string;
    executionId: string;
    name: string;
    input: unknown;
    runtimeStatus: RuntimeStatus;
    customStatus: unknown;
    output: unknown;
    createdTime: string;
    lastUpdatedTime: string;
    /** Events in this execution's history: the next event's sequence number. */
    historyLength: number;
    /** The id the next scheduling event (task, timer, sub-orchestration) takes, as the SDK numbers them. */
    nextEventId: number;
    parent?: { instanceId: string; executionId: string; taskScheduledId: number };
    /** Retries waiting for their task to fail (key: task id) or their timer to fire (key: timer id). */
    retries: Record<string, PendingRetry>;
}

/** A history event on its way to an instance. */
export interface Message {
    key: string;
    instanceId: string;
    /** Undefined for messages valid for any execution (start, raise, terminate). */
    executionId?: string;
    event: HistoryEvent;
}

export interface ActivityWorkItem {
    key: string;
    instanceId: string;
    executionId: string;
    taskScheduledId: number;
    name: string;
    input: unknown;
}

export interface DurableTimer {
    key: string;
    instanceId: string;
    executionId: string;
    timerId: number;
    fireAt: string;
}

export interface StatusView {
    name: string;
    instanceId: string;
    runtimeStatus: RuntimeStatus;
    input: unknown;
    customStatus: unknown;
    output: unknown;
    createdTime: string;
    lastUpdatedTime: string;
    history?: unknown[];
}
