// Changes to the simulated cloud are applied one at a time, in arrival order,
// so each write request sees the state its predecessors left and commits its
// changes with its log entry before the next one starts.
export class OneAtATime {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(fn: () => Promise<T>): Promise<T> {
        const result = this.tail.then(fn);
        this.tail = result.catch(() => undefined);
        return result;
    }
}
