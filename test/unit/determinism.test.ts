// The host's determinism check and retry arithmetic, on recorded histories.
import { Action, findNonDeterminism, flattenActions, retryDelayMs, scheduledByOrchestrator, schedulingActions } from '../../local/durable/actions';
import { ActionType, event, EventType } from '../../local/durable/history';

const at = new Date('2026-01-01T00:00:00Z');
const recorded = [
    event(EventType.OrchestratorStarted, at),
    event(EventType.ExecutionStarted, at, { Name: 'flow', Input: 'null' }),
    event(EventType.TaskScheduled, at, { EventId: 0, Name: 'verifyCaller' }),
    event(EventType.TimerCreated, at, { EventId: 1, FireAt: at.toISOString() }),
    event(EventType.TimerCreated, at, { EventId: 2, FireAt: at.toISOString(), IsRetry: true }),
    event(EventType.SubOrchestrationInstanceCreated, at, { EventId: 3, Name: 'child', InstanceId: 'c' }),
];
const activity = (name: string): Action => ({ actionType: ActionType.CallActivity, functionName: name });
const timer: Action = { actionType: ActionType.CreateTimer, fireAt: at.toISOString() };
const sub = (name: string): Action => ({ actionType: ActionType.CallSubOrchestrator, functionName: name });

test('host retry bookkeeping is not part of what the orchestrator scheduled', () => {
    expect(scheduledByOrchestrator(recorded).map((e) => e.EventId)).toEqual([0, 1, 3]);
});

test('compound actions flatten depth-first; waits and continueAsNew take no sequence number', () => {
    const groups: Action[][] = [[activity('a'), { actionType: ActionType.WhenAny, compoundActions: [{ actionType: ActionType.WaitForExternalEvent }, timer] }, { actionType: ActionType.WhenAll, compoundActions: [activity('b'), activity('c')] }]];
    expect(schedulingActions(flattenActions(groups)).map((a) => a.functionName ?? 'timer')).toEqual(['a', 'timer', 'b', 'c']);
});

test('a replay that matches history, with new actions after it, is deterministic', () => {
    const known = scheduledByOrchestrator(recorded);
    expect(findNonDeterminism(known, [activity('verifyCaller'), timer, sub('child'), activity('next')], false)).toBeUndefined();
});

test('a renamed activity is reported with the step and both names', () => {
    const known = scheduledByOrchestrator(recorded);
    expect(findNonDeterminism(known, [activity('verifyAgent'), timer, sub('child')], false))
        .toMatch(/step #0 was TaskScheduled\('verifyCaller'\) in history but replay produced CallActivity\('verifyAgent'\)/);
});

test('a timer where history has an activity is reported', () => {
    const known = scheduledByOrchestrator(recorded);
    expect(findNonDeterminism(known, [timer], false)).toMatch(/step #0 was TaskScheduled\('verifyCaller'\).*CreateTimer/);
});

test('a replay that no longer schedules a recorded step is reported', () => {
    const known = scheduledByOrchestrator(recorded);
    expect(findNonDeterminism(known, [activity('verifyCaller'), timer], true)).toMatch(/SubOrchestrationInstanceCreated\('child'\) as step #2/);
});

test('retry delays grow by the backoff coefficient and stop at the cap', () => {
    const o = { firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 5, backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 350 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(o, n))).toEqual([100, 200, 350, 350]);
    expect(retryDelayMs({ firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 3 }, 3)).toBe(100);
});
