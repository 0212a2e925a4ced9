// Which of an instance's waiting messages one episode consumes. As in the
// Durable Task backends, all the results waiting for an instance go into one
// episode: every episode replays the whole history through the SDK, so a
// fan-in of N results then costs a few replays instead of N. A start, a
// termination, and a result that drives a host-side retry go alone, because
// the episode treats them specially.
import { EventType } from './history';
import { Instance, Message } from './model';

export function episodeBatch(queue: readonly Message[], instance: Instance): Message[] {
    if (queue.length === 0) return [];
    if (!batchable(queue[0], instance)) return [queue[0]];
    let end = 1;
    while (end < queue.length && batchable(queue[end], instance)) end++;
    return queue.slice(0, end);
}

function batchable(m: Message, instance: Instance): boolean {
    const e = m.event;
    switch (e.EventType) {
        case EventType.ExecutionStarted:
        case EventType.ExecutionTerminated:
            return false;
        case EventType.TaskFailed:
        case EventType.SubOrchestrationInstanceFailed:
            return !instance.retries[e.TaskScheduledId!];
        case EventType.TimerFired:
            return !instance.retries[e.TimerId!];
        default:
            return true;
    }
}
