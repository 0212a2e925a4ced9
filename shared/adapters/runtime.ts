// The app's adapters, built once per process from the environment on first
// use. The settings were checked when the app started (functions/config.ts);
// what only a live service can tell (a store or queue not answering) shows
// in /api/health.
import { createMailer, Mailer } from './mail/mailers';
import { createQueueSender, QueueSender } from './messaging/queueSenders';
import { createStateStore, StateStore } from './state/stateStores';

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
