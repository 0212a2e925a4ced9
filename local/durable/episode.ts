// One orchestration episode: deliver the new events, replay the orchestrator
// with the real durable-functions engine, check determinism, and turn its new
// actions into history events and work. Pure apart from the orchestrator call,
// so the engine can commit the result atomically.
import { randomUUID } from 'node:crypto';
import { Action, findNonDeterminism, flattenActions, retryDelayMs, schedulingActions } from './actions';
import { ActionType, encode, event, EventType, HistoryEvent } from './history';
import { ActivityWorkItem, DurableTimer, Instance, Message, PendingRetry, TERMINAL } from './model';
import { RecordedStep } from './replayCache';

export interface OrchestratorState {
    isDone: boolean;
    actions?: Action[][];
    output?: unknown;
    error?: string;
    customStatus?: unknown;
}

/** What an episode needs of the history recorded so far; the engine loads it only if asked. */
export interface EpisodeHistory {
    /** Scheduling steps the orchestrator asked for, in order: the determinism check's record. */
    steps(): readonly RecordedStep[];
    /** Runs the orchestrator over the played history plus `newEvents`; failed = the orchestrator threw. */
    replay(newEvents: HistoryEvent[]): Promise<{ state: OrchestratorState; failed: boolean }>;
}

export type Outgoing = Omit<Message, 'key'>;

export interface EpisodeResult {
    /** False when every message was stale and only needs discarding. */
    applied: boolean;
    instance: Instance;
    /** Events to append to the history of the execution that ran (`instance.historyLength` already counts them). */
    appended: HistoryEvent[];
    /** The instance continued as new: the execution that ran and its history are dropped, `appended` included. */
    newExecution: boolean;
    activities: Array<Omit<ActivityWorkItem, 'key'>>;
    timers: Array<Omit<DurableTimer, 'key'>>;
    /** Cancel these timer ids of this instance; 'all' after the instance ends or restarts. */
    cancelTimers: number[] | 'all';
    outbox: Outgoing[];
    newChildren: Instance[];
}

// The SDK JSON-encodes string inputs only; objects travel raw.
const decodeInput = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

export function newInstance(name: string, instanceId: string, input: unknown, now: Date, parent?: Instance['parent']): Instance {
    return {
        instanceId, executionId: randomUUID(), name, input, runtimeStatus: 'Pending', customStatus: null, output: null,
        createdTime: now.toISOString(), lastUpdatedTime: now.toISOString(), historyLength: 0, nextEventId: 0, parent, retries: {},
    };
}

export function startMessage(instance: Instance, now: Date): Outgoing {
    return { instanceId: instance.instanceId, executionId: instance.executionId, event: event(EventType.ExecutionStarted, now, { Name: instance.name, Input: encode(instance.input) }) };
}

/** A message for an execution that is over (or an instance that ended) is dropped unread. */
function isStale(instance: Instance, message: Message): boolean {
    return TERMINAL.has(instance.runtimeStatus) || (message.executionId !== undefined && message.executionId !== instance.executionId);
}

/** `batch`: the messages the episode consumes, in arrival order; a termination comes alone (see episodeBatch.ts). */
export async function runEpisode(current: Instance, batch: readonly Message[], now: Date, history: EpisodeHistory): Promise<EpisodeResult> {
    const instance: Instance = { ...current, retries: { ...current.retries } };
    const result: EpisodeResult = { applied: true, instance, appended: [], newExecution: false, activities: [], timers: [], cancelTimers: [], outbox: [], newChildren: [] };
    const incoming = batch.filter((m) => !isStale(current, m)).map((m) => m.event);
    if (incoming.length === 0) return { ...result, applied: false, instance: current };
    instance.lastUpdatedTime = now.toISOString();

    if (incoming[0].EventType === EventType.ExecutionTerminated) {
        result.appended = [incoming[0], event(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Terminated' })];
        instance.historyLength += result.appended.length;
        instance.runtimeStatus = 'Terminated';
        instance.output = incoming[0].Input ? JSON.parse(incoming[0].Input) : null;
        result.cancelTimers = 'all';
        notifyParent(result, now, false, `Sub-orchestration '${instance.name}' was terminated: ${String(instance.output)}`);
        return result;
    }

    let nextId = current.nextEventId;
    const produced: HistoryEvent[] = [];
    for (const e of incoming) applyRetryPolicy(instance, e, now, () => nextId++, produced, result);

    const started = event(EventType.OrchestratorStarted, now);
    const { state, failed: threw } = await history.replay([started, ...incoming]);
    const flat = flattenActions(state.actions);
    const actions = schedulingActions(flat);
    const known = history.steps();
    let error = threw ? (state.error ?? 'Orchestrator function failed') : undefined;
    const nonDeterminism = threw ? undefined : findNonDeterminism(known, actions, true);
    if (nonDeterminism) error = nonDeterminism;

    if (!error) {
        for (let i = known.length; i < actions.length; i++) scheduleAction(instance, actions[i], nextId++, now, produced, result);
        // a timer the orchestrator cancelled (timer.cancel() after Task.any) need never fire
        const cancelled = known.filter((e, i) => e.EventType === EventType.TimerCreated && actions[i]?.isCanceled).map((e) => e.EventId);
        (result.cancelTimers as number[]).push(...cancelled);
    }

    result.appended = [started, ...incoming, ...produced, event(EventType.OrchestratorCompleted, now)];
    instance.customStatus = state.customStatus ?? instance.customStatus ?? null;
    instance.runtimeStatus = 'Running';
    const continueAsNew = flat.find((a) => a.actionType === ActionType.ContinueAsNew);

    if (error) {
        instance.runtimeStatus = 'Failed';
        instance.output = error;
        result.appended.push(event(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Failed', Result: encode(error) }));
        result.cancelTimers = 'all';
        result.activities = [];
        result.timers = [];
        result.newChildren = [];
        result.outbox = [];
        notifyParent(result, now, false, error);
    } else if (state.isDone && continueAsNew) {
        // a new execution: fresh history and ids; stale completions are dropped by executionId
        Object.assign(instance, { executionId: randomUUID(), input: decodeInput(continueAsNew.input), historyLength: 0, nextEventId: 0, retries: {}, runtimeStatus: 'ContinuedAsNew' });
        result.newExecution = true;
        result.cancelTimers = 'all';
        result.outbox.push(startMessage(instance, now));
        return result;
    } else if (state.isDone) {
        instance.runtimeStatus = 'Completed';
        instance.output = state.output ?? null;
        result.appended.push(event(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Completed', Result: encode(state.output) }));
        notifyParent(result, now, true, state.output);
    }
    instance.historyLength = current.historyLength + result.appended.length;
    instance.nextEventId = nextId;
    return result;
}

function scheduleAction(instance: Instance, action: Action, id: number, now: Date, produced: HistoryEvent[], result: EpisodeResult): void {
    const input = decodeInput(action.input);
    switch (action.actionType) {
        case ActionType.CallActivity:
        case ActionType.CallActivityWithRetry:
            produced.push(event(EventType.TaskScheduled, now, { EventId: id, Name: action.functionName, Input: encode(input) }));
            result.activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskScheduledId: id, name: action.functionName!, input });
            if (action.retryOptions) instance.retries[id] = { kind: 'activity', name: action.functionName!, input, options: action.retryOptions, attempt: 1 };
            return;
        case ActionType.CallSubOrchestrator:
        case ActionType.CallSubOrchestratorWithRetry: {
            const childId = action.instanceId || `${instance.instanceId}:${id.toString(16).padStart(4, '0')}`;
            startChild(instance, action.functionName!, childId, input, id, now, produced, result);
            if (action.retryOptions) instance.retries[id] = { kind: 'orchestration', name: action.functionName!, input, options: action.retryOptions, attempt: 1, childInstanceId: childId };
            return;
        }
        case ActionType.CreateTimer:
            produced.push(event(EventType.TimerCreated, now, { EventId: id, FireAt: new Date(action.fireAt!).toISOString() }));
            if (!action.isCanceled) result.timers.push({ instanceId: instance.instanceId, executionId: instance.executionId, timerId: id, fireAt: new Date(action.fireAt!).toISOString() });
            return;
        default:
            throw new Error(`Action type ${action.actionType} is not supported by the local durable host (entities and durable HTTP are not served).`);
    }
}

function startChild(parent: Instance, name: string, childId: string, input: unknown, id: number, now: Date, produced: HistoryEvent[], result: EpisodeResult, isRetry = false): void {
    produced.push(event(EventType.SubOrchestrationInstanceCreated, now, { EventId: id, Name: name, InstanceId: childId, Input: encode(input), ...(isRetry ? { IsRetry: true } : {}) }));
    const child = newInstance(name, childId, input, now, { instanceId: parent.instanceId, executionId: parent.executionId, taskScheduledId: id });
    result.newChildren.push(child);
    result.outbox.push(startMessage(child, now));
}

/**
 * The SDK replays retry policies itself but expects the host to add, after each
 * failure, a timer and then (attempts left) a new attempt, each with the next id.
 */
function applyRetryPolicy(instance: Instance, incoming: HistoryEvent, now: Date, nextId: () => number, produced: HistoryEvent[], result: EpisodeResult): void {
    const failed = incoming.EventType === EventType.TaskFailed || incoming.EventType === EventType.SubOrchestrationInstanceFailed;
    if (failed && instance.retries[incoming.TaskScheduledId!]) {
        const retry: PendingRetry = { ...instance.retries[incoming.TaskScheduledId!] };
        delete instance.retries[incoming.TaskScheduledId!];
        const fireAt = new Date(now.getTime() + retryDelayMs(retry.options, retry.attempt)).toISOString();
        retry.attempt++;
        const timerId = nextId();
        produced.push(event(EventType.TimerCreated, now, { EventId: timerId, FireAt: fireAt, IsRetry: true }));
        result.timers.push({ instanceId: instance.instanceId, executionId: instance.executionId, timerId, fireAt });
        instance.retries[timerId] = retry;
    } else if (incoming.EventType === EventType.TimerFired && instance.retries[incoming.TimerId!]) {
        const retry = instance.retries[incoming.TimerId!];
        delete instance.retries[incoming.TimerId!];
        if (retry.attempt > retry.options.maxNumberOfAttempts) return; // the SDK fails the task itself
        const id = nextId();
        if (retry.kind === 'activity') {
            produced.push(event(EventType.TaskScheduled, now, { EventId: id, Name: retry.name, Input: encode(retry.input), IsRetry: true }));
            result.activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskScheduledId: id, name: retry.name, input: retry.input });
        } else {
            startChild(instance, retry.name, retry.childInstanceId!, retry.input, id, now, produced, result, true);
        }
        instance.retries[id] = retry;
    }
}

function notifyParent(result: EpisodeResult, now: Date, ok: boolean, value: unknown): void {
    const parent = result.instance.parent;
    if (!parent) return;
    const fields = ok
        ? { TaskScheduledId: parent.taskScheduledId, Result: encode(value) }
        : { TaskScheduledId: parent.taskScheduledId, Reason: `Sub-orchestration '${result.instance.name}' failed: ${String(value)}`, Details: String(value) };
    result.outbox.push({
        instanceId: parent.instanceId, executionId: parent.executionId,
        event: event(ok ? EventType.SubOrchestrationInstanceCompleted : EventType.SubOrchestrationInstanceFailed, now, fields),
    });
}
