// The app's adapters, built once per process from the environment on first
// use (not at import time, so a misconfiguration is reported by the function
// that needs the adapter, e.g. /api/health, rather than crashing the worker).
import { createMailer, Mailer } from './mail';
import { createQueueSender, QueueSender } from './messaging';
import { createStateStore, StateStore } from './state';

let stateStore: StateStore | undefined;
let queueSender: QueueSender | undefined;
let mailer: Mailer | undefined;

export function getStateStore(): StateStore {
    return (stateStore ??= createStateStore(process.env));
}

export function getQueueSender(): QueueSender {
    return (queueSender ??= createQueueSender(process.env));
}

export function getMailer(): Mailer {
    return (mailer ??= createMailer(process.env));
}
