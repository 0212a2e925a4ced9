// Plain JS so a child process can load it without a compile step.
// Each step appends a line to STEP_LOG before returning, so the test can
// count how often activities ran across a crash.
const fs = require('node:fs');
const df = require('durable-functions');

df.app.activity('slowStep', {
    handler: async (input) => {
        await new Promise((r) => setTimeout(r, 250));
        fs.appendFileSync(process.env.STEP_LOG, `${input.instance}:${input.step}\n`);
        return input.step;
    },
});

df.app.orchestration('slowSequence', function* (ctx) {
    const done = [];
    for (let step = 1; step <= 6; step++) {
        ctx.df.setCustomStatus({ step });
        done.push(yield ctx.df.callActivity('slowStep', { instance: ctx.df.instanceId, step }));
    }
    // a durable timer that must survive the crash too
    yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 300));
    return done;
});
