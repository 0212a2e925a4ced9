// The Durable Task history and action vocabulary, as the durable-functions
// package reads and writes it (PascalCase events, numeric enums).

export const EventType = {
    ExecutionStarted: 0,
    ExecutionCompleted: 1,
    ExecutionFailed: 2,
    ExecutionTerminated: 3,
    TaskScheduled: 4,
    TaskCompleted: 5,
    TaskFailed: 6,
    SubOrchestrationInstanceCreated: 7,
    SubOrchestrationInstanceCompleted: 8,
    SubOrchestrationInstanceFailed: 9,
    TimerCreated: 10,
    TimerFired: 11,
    OrchestratorStarted: 12,
    OrchestratorCompleted: 13,
    EventSent: 14,
    EventRaised: 15,
    ContinueAsNew: 16,
} as const;

export const ActionType = {
    CallActivity: 0,
    CallActivityWithRetry: 1,
    CallSubOrchestrator: 2,
    CallSubOrchestratorWithRetry: 3,
    ContinueAsNew: 4,
    CreateTimer: 5,
    WaitForExternalEvent: 6,
    CallEntity: 7,
    CallHttp: 8,
    SignalEntity: 9,
    WhenAny: 11,
    WhenAll: 12,
} as const;

export interface HistoryEvent {
    EventType: number;
    EventId: number;
    IsPlayed: boolean;
    Timestamp: string;
    Name?: string;
    Input?: string;
    Result?: string;
    TaskScheduledId?: number;
    TimerId?: number;
    FireAt?: string;
    InstanceId?: string;
    Reason?: string;
    Details?: string;
    OrchestrationStatus?: string;
    FailureDetails?: { ErrorType: string; ErrorMessage: string; StackTrace?: string; IsNonRetriable?: boolean };
    /** Host bookkeeping, ignored by the SDK: a timer or task the host added for a retry policy. */
    IsRetry?: boolean;
}

/** Events that consume one sequence number each, in order. */
const SCHEDULING = new Set<number>([EventType.TaskScheduled, EventType.TimerCreated, EventType.SubOrchestrationInstanceCreated, EventType.EventSent]);

export function isScheduling(e: HistoryEvent): boolean {
    return SCHEDULING.has(e.EventType);
}

export function event(type: number, at: Date, fields: Partial<HistoryEvent> = {}): HistoryEvent {
    return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: at.toISOString(), ...fields };
}

/** The SDK always JSON-parses Input/Result: absent values travel as "null". */
export function encode(value: unknown): string {
    return JSON.stringify(value ?? null);
}
