// The app the history crash test runs in a child host. Plain JS so the child
// loads it without a compile step. A long run of quick steps builds a long
// history; then slow steps, each logged to STEP_LOG, give the test time to
// kill the host in the middle.
const fs = require('node:fs');
const df = require('durable-functions');

df.app.activity('quickStep', { handler: (n) => n + 1 });

df.app.activity('slowStep', {
    handler: async (n) => {
        await new Promise((r) => setTimeout(r, 100));
        fs.appendFileSync(process.env.STEP_LOG, `${n}\n`);
        return n + 1;
    },
});

df.app.orchestration('longThenSlow', function* (ctx) {
    const { quick, slow } = ctx.df.getInput();
    let x = 0;
    for (let i = 0; i < quick; i++) x = yield ctx.df.callActivity('quickStep', x);
    for (let i = 0; i < slow; i++) x = yield ctx.df.callActivity('slowStep', x);
    return x;
});
