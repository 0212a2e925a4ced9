// The one polling loop of the orchestrators: read, and until the answer is
// the one awaited, sleep on a durable timer and read again, up to a deadline
// on the orchestration's own clock. Whoever calls decides what a deadline
// that passed means (a fault, or just the end of a wait).
import type { OrchestrationContext, Task } from 'durable-functions';
import { sleep } from './call';

export interface Poll<T> {
    read(): Generator<Task, T, unknown>;
    done(value: T): boolean;
    intervalMs: number;
    timeoutMs: number;
    /** A value already read (e.g. the answer to the request that started the operation). */
    first?: T;
}

export function* pollUntil<T>(ctx: OrchestrationContext, p: Poll<T>): Generator<Task, { value: T; timedOut: boolean }, unknown> {
    const now = () => ctx.df.currentUtcDateTime.getTime();
    const deadline = now() + p.timeoutMs;
    let value = 'first' in p ? (p.first as T) : yield* p.read();
    while (!p.done(value)) {
        if (now() > deadline) return { value, timedOut: true };
        yield* sleep(ctx, p.intervalMs);
        value = yield* p.read();
    }
    return { value, timedOut: false };
}
