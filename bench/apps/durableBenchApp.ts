// The app the durable bench loads into the embedded host: one orchestrator
// calling one trivial activity five times in sequence. Registered through the
// real durable-functions / @azure/functions programming model, so the bench
// measures the same path a deployed app takes.
import * as df from 'durable-functions';
import { BENCH_ACTIVITY, BENCH_ORCHESTRATOR, BENCH_STEPS } from './durableBenchNames';

df.app.orchestration(BENCH_ORCHESTRATOR, function* (context) {
    let x = context.df.getInput() as number;
    for (let i = 0; i < BENCH_STEPS; i++) x = yield context.df.callActivity(BENCH_ACTIVITY, x);
    return x;
});

df.app.activity(BENCH_ACTIVITY, { handler: (n: number) => n + 1 });
