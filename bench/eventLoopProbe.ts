// Preloaded into a host process by a bench (node --require): measures the
// process's own event-loop delay, so a bench can tell time the host's loop
// was held from time its probes spent in hops and in the machine's queue.
// SIGUSR2 writes the figures since the last signal to BENCH_EVENT_LOOP_FILE
// (JSON: p50, p99, max in ms) and starts counting afresh.
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    process.on('SIGUSR2', () => {
        const ms = (ns: number) => Math.round(ns / 1e5) / 10;
        fs.writeFileSync(file, JSON.stringify({ p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max) }));
        delay.reset();
    });
}
