// Loaded into a host process (node --expose-gc --require) by
// usageImportLarge.test.ts, which talks to it over the IPC channel: on
// 'start' it takes the process's memory after a full collection, then
// samples RSS every 100 ms and, every second, the heap right after a full
// collection (garbage V8 has not yet bothered to collect must not pass for
// memory the import holds); on 'stop' it answers the peaks' growth in MB.
'use strict';
let sampler;
let before;
let peak;
process.on('message', (m) => {
    if (m === 'start') {
        global.gc();
        before = process.memoryUsage();
        peak = { rss: before.rss, heap: before.heapUsed };
        let ticks = 0;
        sampler = setInterval(() => {
            if (++ticks % 10 === 0) {
                global.gc();
                peak.heap = Math.max(peak.heap, process.memoryUsage().heapUsed);
            }
            peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
        }, 100);
    } else if (m === 'stop') {
        clearInterval(sampler);
        process.send({ rssGrowthMB: Math.round((peak.rss - before.rss) / 1e6), liveHeapGrowthMB: Math.round((peak.heap - before.heapUsed) / 1e6) });
    }
});
// the channel must not keep a host that was told to stop alive
process.channel?.unref();
