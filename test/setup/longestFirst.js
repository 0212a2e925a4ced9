// Jest's test order: the files that take longest first, so the run does not
// end with one long file on one worker while the others idle. Jest times each
// file and orders by its last duration; a file it has not timed yet (a fresh
// checkout, as in CI) would run first only by its size, so a small file that
// starts a host process or a browser would start late. Such a file is
// estimated from what it starts instead.
'use strict';
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/** Rough seconds of what a test file starts: a host of the app, a browser, a host process, a build. */
const COSTS = [
    [/\b(?:startAppHost|freshAppHost|startTestHost|freshTestHost|startSimulatorHost)\(/g, 4],
    [/\bchromium\.launch\(/g, 20],
    [/\bspawn(?:Sync)?\(/g, 5],
    [/\bfc\.assert\(/g, 5],
];

function estimateMs(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch {
        return 0;
    }
    let seconds = text.length / 4000;
    for (const [pattern, each] of COSTS) seconds += (text.match(pattern) ?? []).length * each;
    return seconds * 1000;
}

class LongestFirst extends Sequencer {
    sort(tests) {
        const duration = new Map(tests.map((t) => [t, this.time(t) ?? estimateMs(t.path)]));
        return [...tests].sort((a, b) => {
            const failedA = this.hasFailed(a);
            if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
            return duration.get(b) - duration.get(a);
        });
    }
}

module.exports = LongestFirst;
