// Long loops over rows (parsing, checking, reading a day back) run in the
// same event loop as every other request of the instance, the health probe
// included. A loop asks `due()` as often as it likes; once a slice of time has
// passed it awaits `pause()`, which lets timers and I/O run before going on.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a loop may hold the event loop at a stretch (a request passes through several turns of it). */
const SLICE_MS = 2;
/** Clock reads are cheap, but not free: look every this many steps. */
const STEPS_PER_LOOK = 16;

export class Pacer {
    private steps = 0;
    private since = performance.now();

    constructor(private readonly sliceMs = SLICE_MS) {}

    /** True when the loop has held the event loop for a slice: await `pause()`. `steps`: the rows (say) done since the last ask. */
    due(steps = 1): boolean {
        this.steps += steps;
        if (this.steps < STEPS_PER_LOOK) return false;
        this.steps = 0;
        return performance.now() - this.since >= this.sliceMs;
    }

    async pause(): Promise<void> {
        await nextTurn();
        this.since = performance.now();
    }
}
