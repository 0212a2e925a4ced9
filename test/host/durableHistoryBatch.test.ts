// Which waiting messages one episode takes: the results in a row, so a fan-in
// of N results needs few replays of its long history; starts, terminations and
// results that drive a host-side retry alone.
import { episodeBatch } from '../../local/durable/episodeBatch';
import { newInstance } from '../../local/durable/episode';
import { event, EventType } from '../../local/durable/history';
import { Instance, Message } from '../../local/durable/model';

const at = new Date('2025-01-01T00:00:00Z');
const instance: Instance = newInstance('o', 'i', null, at);
let n = 0;
const msg = (type: number, fields = {}): Message => ({ key: `k${n++}`, instanceId: 'i', executionId: instance.executionId, event: event(type, at, fields) });
const completed = (id: number) => msg(EventType.TaskCompleted, { TaskScheduledId: id, Result: '1' });
const keys = (ms: Message[]) => ms.map((m) => m.key);

test('results waiting in a row go into one episode, up to the next start or termination', () => {
    const queue = [completed(0), completed(1), msg(EventType.EventRaised, { Name: 'e' }), msg(EventType.TimerFired, { TimerId: 3 }), msg(EventType.ExecutionTerminated), completed(2)];
    expect(keys(episodeBatch(queue, instance))).toEqual(keys(queue.slice(0, 4)));
    expect(keys(episodeBatch(queue.slice(4), instance))).toEqual(keys(queue.slice(4, 5)));
    const start = msg(EventType.ExecutionStarted);
    expect(keys(episodeBatch([start, completed(0)], instance))).toEqual([start.key]);
});

test('a failure or timer that drives a retry policy goes alone', () => {
    const retrying: Instance = { ...instance, retries: { 1: { kind: 'activity', name: 'a', input: null, options: { firstRetryIntervalInMilliseconds: 1, maxNumberOfAttempts: 2 }, attempt: 1 } } };
    const failed = msg(EventType.TaskFailed, { TaskScheduledId: 1 });
    const before = completed(0);
    expect(keys(episodeBatch([before, failed, completed(2)], retrying))).toEqual([before.key]);
    expect(keys(episodeBatch([failed, completed(2)], retrying))).toEqual([failed.key]);
    const fired = msg(EventType.TimerFired, { TimerId: 1 });
    expect(keys(episodeBatch([fired, completed(2)], retrying))).toEqual([fired.key]);
    expect(episodeBatch([], instance)).toEqual([]);
});
