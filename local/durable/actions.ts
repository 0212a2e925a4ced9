// Reads the orchestrator's cumulative action list and compares it with what
// history says was scheduled: the host's determinism check (the SDK has none).
import { ActionType, EventType, HistoryEvent, isScheduling } from './history';

export interface Action {
    actionType: number;
    functionName?: string;
    input?: unknown;
    fireAt?: string;
    isCanceled?: boolean;
    instanceId?: string;
    retryOptions?: RetryOptions;
    compoundActions?: Action[];
    [key: string]: unknown;
}

export interface RetryOptions {
    firstRetryIntervalInMilliseconds: number;
    maxNumberOfAttempts: number;
    backoffCoefficient?: number;
    maxRetryIntervalInMilliseconds?: number;
}

/** Depth-first, in the order the SDK assigns sequence numbers. */
export function flattenActions(groups: Action[][] | undefined): Action[] {
    const flat: Action[] = [];
    const walk = (a: Action) => {
        if (a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny) a.compoundActions?.forEach(walk);
        else flat.push(a);
    };
    for (const group of groups ?? []) group.forEach(walk);
    return flat;
}

/** Actions that consume a sequence number (external events are matched by name). */
export function schedulingActions(flat: Action[]): Action[] {
    return flat.filter((a) => a.actionType !== ActionType.WaitForExternalEvent && a.actionType !== ActionType.ContinueAsNew);
}

const EVENT_FOR_ACTION: Record<number, number> = {
    [ActionType.CallActivity]: EventType.TaskScheduled,
    [ActionType.CallActivityWithRetry]: EventType.TaskScheduled,
    [ActionType.CallSubOrchestrator]: EventType.SubOrchestrationInstanceCreated,
    [ActionType.CallSubOrchestratorWithRetry]: EventType.SubOrchestrationInstanceCreated,
    [ActionType.CreateTimer]: EventType.TimerCreated,
};

export function describeAction(a: Action): string {
    const kind = Object.entries(ActionType).find(([, v]) => v === a.actionType)?.[0] ?? `action ${a.actionType}`;
    return a.functionName ? `${kind}('${a.functionName}')` : kind;
}

/** What the check reads of a recorded scheduling event. */
type Recorded = Pick<HistoryEvent, 'EventType' | 'Name'>;

function describeEvent(e: Recorded): string {
    const kind = Object.entries(EventType).find(([, v]) => v === e.EventType)?.[0] ?? `event ${e.EventType}`;
    return e.Name ? `${kind}('${e.Name}')` : kind;
}

/** Scheduling events the orchestrator itself asked for (not the host's retry bookkeeping). */
export function scheduledByOrchestrator(history: readonly HistoryEvent[]): HistoryEvent[] {
    return history.filter((e) => isScheduling(e) && !e.IsRetry);
}

/**
 * Returns why replay diverged from history, or undefined. `complete` says the
 * orchestrator finished, so history may not hold more than it now asks for.
 */
export function findNonDeterminism(scheduled: readonly Recorded[], actions: Action[], complete: boolean): string | undefined {
    for (let i = 0; i < scheduled.length; i++) {
        const recorded = scheduled[i];
        const replayed = actions[i];
        if (!replayed) {
            if (!complete) return undefined;
            return `Non-deterministic workflow detected: history has ${describeEvent(recorded)} as step #${i} but the orchestrator no longer schedules it.`;
        }
        const sameKind = EVENT_FOR_ACTION[replayed.actionType] === recorded.EventType;
        const sameName = recorded.EventType === EventType.TimerCreated || replayed.functionName === recorded.Name;
        if (!sameKind || !sameName) {
            return `Non-deterministic workflow detected: step #${i} was ${describeEvent(recorded)} in history but replay produced ${describeAction(replayed)}. ` +
                'Orchestrator code changed while this instance was running; finish or terminate old instances before deploying such changes.';
        }
    }
    return undefined;
}

export function retryDelayMs(options: RetryOptions, attempt: number): number {
    const base = options.firstRetryIntervalInMilliseconds * Math.pow(options.backoffCoefficient ?? 1, attempt - 1);
    const cap = options.maxRetryIntervalInMilliseconds && options.maxRetryIntervalInMilliseconds > 0 ? options.maxRetryIntervalInMilliseconds : Infinity;
    return Math.min(base, cap);
}
