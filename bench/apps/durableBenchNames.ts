// Names shared by the bench app and the bench driver (importing the app itself
// would register its functions before the host installs the worker shim).
export const BENCH_ORCHESTRATOR = 'benchSequence';
export const BENCH_ACTIVITY = 'benchStep';
export const BENCH_STEPS = 5;
/** Long-history cases: `input` activities in sequence, or all at once (Task.all). */
export const BENCH_LONG_SEQUENCE = 'benchLongSequence';
export const BENCH_FAN_OUT = 'benchFanOut';
