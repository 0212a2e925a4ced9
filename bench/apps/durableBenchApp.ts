// The app the durable bench loads into the embedded host: one orchestrator
// calling one trivial activity five times in sequence, and the long-history
// cases (a long sequence, a wide fan-out). Registered through the real
// durable-functions / @azure/functions programming model, so the bench
// measures the same path a deployed app takes.
import * as df from 'durable-functions';
import { BENCH_ACTIVITY, BENCH_FAN_OUT, BENCH_LONG_SEQUENCE, BENCH_ORCHESTRATOR, BENCH_STEPS } from './durableBenchNames';

df.app.orchestration(BENCH_ORCHESTRATOR, function* (context) {
    let x = context.df.getInput() as number;
    for (let i = 0; i < BENCH_STEPS; i++) x = yield context.df.callActivity(BENCH_ACTIVITY, x);
    return x;
});

df.app.orchestration(BENCH_LONG_SEQUENCE, function* (context) {
    const steps = context.df.getInput() as number;
    let x = 0;
    for (let i = 0; i < steps; i++) x = yield context.df.callActivity(BENCH_ACTIVITY, x);
    return x;
});

df.app.orchestration(BENCH_FAN_OUT, function* (context) {
    const width = context.df.getInput() as number;
    const results: number[] = yield context.df.Task.all(Array.from({ length: width }, (_, i) => context.df.callActivity(BENCH_ACTIVITY, i)));
    return results.reduce((a, b) => a + b, 0);
});

df.app.activity(BENCH_ACTIVITY, { handler: (n: number) => n + 1 });
