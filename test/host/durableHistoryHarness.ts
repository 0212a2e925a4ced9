// The durable engine wired as the host wires it (the app's functions through
// the worker shim, so the real durable-functions replay runs), on a store the
// test watches: every commit and every read of history rows is recorded.
import { DurableEngine, EngineOptions } from '../../local/durable/engine';
import { HISTORY_TABLE } from '../../local/durable/historyLog';
import { StatusView, TERMINAL } from '../../local/durable/model';
import { FunctionHost } from '../../local/worker/functionHost';
import { installCoreModule } from '../../local/worker/installCoreModule';
import { CountingKv, type Commit } from '../../bench/countingKv';
import { KeyRange, Kv } from '../../shared/adapters/embedded/embeddedKv';

export type { Commit };

/** The bench's counting store, also counting the reads of history rows. */
export class WatchedKv extends CountingKv {
    historyReads = 0;

    constructor(inner: Kv) {
        super(inner, true);
    }

    override entries<V>(table: string, range?: KeyRange): Array<[string, V]> {
        if (table === HISTORY_TABLE && range) this.historyReads++;
        return super.entries<V>(table, range);
    }

    /** The history rows of an instance, whatever their execution, in key order (no prefix range: on LMDB it misses long keys; see KeyRange). */
    historyRows(instanceId: string): Array<[string, unknown]> {
        return this.inner.entries(HISTORY_TABLE).filter(([key]) => key.startsWith(`${instanceId}\u0000`));
    }
}

/** Registers the app's functions (once per test file, as the host does on start). */
export function loadApp(appEntry: string): void {
    installCoreModule();
    require(appEntry);
}

/** `invoked`: the name of every function the engine invokes, in order. */
export function startEngine(kv: Kv, o: Partial<EngineOptions> = {}, invoked?: string[]): DurableEngine {
    const functions = new FunctionHost({ log: (l) => invoked?.push(l.function) });
    const engine = new DurableEngine({
        kv, ...o,
        functions: { has: (name, trigger) => functions.get(name)?.trigger.type === trigger, invoke: (name, data, watch) => functions.invoke(functions.get(name)!, data, { watch }) },
    });
    engine.start();
    return engine;
}

export function finish(engine: DurableEngine, instanceId: string): Promise<StatusView> {
    return engine.waitFor(instanceId, (s) => TERMINAL.has(s.runtimeStatus));
}
