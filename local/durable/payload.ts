// The orchestration trigger payload the Durable extension sends (schema V3),
// built as text so the engine can reuse the encoded part of the history.
import { encode } from './history';

// far beyond any timer we use: the local backend has no timer length limit, so the SDK never splits timers
const MAX_TIMER = '36500.00:00:00';

export interface PayloadInstance {
    instanceId: string;
    input: unknown;
    parentInstanceId?: string | null;
}

/** `historyItems`: the history events as comma-joined JSON array items. */
export function orchestratorPayload(inst: PayloadInstance, historyItems: string, isReplaying: boolean): string {
    return `{"history":[${historyItems}],"input":${encode(inst.input)},"instanceId":${JSON.stringify(inst.instanceId)},` +
        `"isReplaying":${isReplaying},"parentInstanceId":${JSON.stringify(inst.parentInstanceId ?? null)},"upperSchemaVersion":1,"upperSchemaVersionNew":2,` +
        `"longRunningTimerIntervalDuration":"3.00:00:00","maximumShortTimerDuration":"${MAX_TIMER}","defaultHttpAsyncRequestSleepTimeMillseconds":30000}`;
}
