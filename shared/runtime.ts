// The app's adapters, built once per process from the environment on first
// use (not at import time, so a misconfiguration is reported by the function
// that needs the adapter, e.g. /api/health, rather than crashing the worker).
import { createQueueSender, QueueSender } from './messaging';
import { createStateStore, StateStore } from './state';

let stateStore: StateStore | undefined;
let queueSender: QueueSender | undefined;

export function getStateStore(): StateStore {
    return (stateStore ??= createStateStore(process.env));
}

export function getQueueSender(): QueueSender {
    return (queueSender ??= createQueueSender(process.env));
}
