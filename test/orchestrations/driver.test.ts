// The orchestration driver itself (test/helpers/orchestrationDriver.ts), on
// small orchestrators written for it: stubbed steps answer in order, durable
// timers fire only when the virtual clock passes them, events arrive when
// raised, a failing step and a failing orchestrator end as they would on a
// host, and a replay that strays from its history is caught.
import type { OrchestrationContext, Task } from 'durable-functions';
import { z } from 'zod';
import { call, sleep } from '../../orchestrations/call';
import { StepFault, faultOf } from '../../shared/core/faults/stepFault';
import { UpstreamHttpError } from '../../shared/core/faults/upstreamErrors';
import { step } from '../../shared/core/steps/step';
import { answer, drive, OrchestrationDriver } from '../helpers/orchestrationDriver';

const double = step('double', z.object({ n: z.number() }), z.object({ n: z.number() }));
const START = '2031-05-06T07:08:09.000Z';

function* twice(ctx: OrchestrationContext) {
    const { n } = ctx.df.getInput() as { n: number };
    const a = yield* call(ctx, double, { n });
    const b = yield* call(ctx, double, { n: a.n });
    return { result: b.n, at: ctx.df.currentUtcDateTime.toISOString() };
}

const doubling = answer(double, ({ n }) => ({ n: n * 2 }));

test('steps are answered by their stubs in order, and every episode replays the history from the start', async () => {
    const run = await drive(twice, { instanceId: 'i-1', input: { n: 3 }, startAt: START, steps: [doubling] });
    expect(run.status).toBe('Completed');
    expect(run.output).toEqual({ result: 12, at: START });
    expect(run.inputsOf(double)).toEqual([{ n: 3 }, { n: 6 }]);
    // start, first answer, second answer: three replays
    expect(run.episodes).toBe(3);
});

test('an activity takes stepMs of virtual time', async () => {
    const run = await drive(twice, { instanceId: 'i-1', input: { n: 1 }, startAt: START, steps: [doubling], stepMs: 1000 });
    expect(run.output.at).toBe('2031-05-06T07:08:11.000Z');
    expect(run.calls.map((c) => c.at)).toEqual([START, '2031-05-06T07:08:10.000Z']);
});

function* waiting(ctx: OrchestrationContext): Generator<Task, { by: unknown; at: string }, unknown> {
    yield* sleep(ctx, 60_000);
    const timer = ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 3_600_000));
    const signal = ctx.df.waitForExternalEvent('go');
    const winner = yield ctx.df.Task.any([signal, timer]);
    if (winner === timer) return { by: 'timer', at: ctx.df.currentUtcDateTime.toISOString() };
    timer.cancel();
    return { by: signal.result, at: ctx.df.currentUtcDateTime.toISOString() };
}

test('a durable timer fires only once the clock passes it, at its own time', async () => {
    const run = await drive(waiting, { instanceId: 'i-2', input: null, startAt: START });
    expect(run.pendingTimers).toEqual(['2031-05-06T07:09:09.000Z']);
    await run.advance(59_999);
    expect(run.status).toBe('Running');
    await run.advance(10_000);
    // the first timer fired at its time, and the next one was set from there
    expect(run.pendingTimers).toEqual(['2031-05-06T08:09:09.000Z']);
    await run.finish();
    expect(run.output).toEqual({ by: 'timer', at: '2031-05-06T08:09:09.000Z' });
});

test('a raised event wins over a timer, which is then cancelled', async () => {
    const run = await drive(waiting, { instanceId: 'i-3', input: null, startAt: START });
    await run.advance(120_000);
    await run.raise('go', 'the event');
    expect(run.output).toEqual({ by: 'the event', at: '2031-05-06T07:10:09.000Z' });
    expect(run.pendingTimers).toEqual([]);
});

test('finish() refuses to wait for an event that never comes', async () => {
    function* forever(ctx: OrchestrationContext) {
        yield ctx.df.waitForExternalEvent('never');
    }
    await expect(new OrchestrationDriver(forever, { instanceId: 'i-4', input: null, startAt: START }).finish()).rejects.toThrow(/waits for an external event/);
});

test('a step that throws reaches the orchestrator as the fault the activity would leave with', async () => {
    function* faulty(ctx: OrchestrationContext) {
        try {
            yield* call(ctx, double, { n: 1 });
            return 'no fault';
        } catch (err) {
            return faultOf(err);
        }
    }
    const fault = { code: 'upstream-refused', detail: 'no', remedy: 'fix it' };
    const thrown = await drive(faulty, { instanceId: 'i-5', input: null, startAt: START, steps: [answer(double, () => { throw new StepFault(fault); })] });
    expect(thrown.output).toEqual(fault);
    // an upstream error becomes its fault on the way out, as activities/implement.ts makes it
    const upstream = await drive(faulty, { instanceId: 'i-6', input: null, startAt: START, steps: [answer(double, () => { throw new UpstreamHttpError({ upstream: 'partner-center', method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/x', attempts: 4 }, 503, '', undefined); })] });
    expect(upstream.output).toMatchObject({ code: 'upstream-unavailable', detail: expect.stringContaining('Partner Center') });
});

test('an orchestrator that throws fails the instance with its message', async () => {
    function* throwing(ctx: OrchestrationContext) {
        yield* call(ctx, double, { n: 1 });
        throw new Error('it broke');
    }
    const run = await drive(throwing, { instanceId: 'i-7', input: null, startAt: START, steps: [doubling] });
    expect(run.status).toBe('Failed');
    expect(run.output).toContain('it broke');
});

test('a replay that takes another step than its history recorded fails the instance as non-deterministic', async () => {
    let episode = 0;
    const other = step('other', z.object({ n: z.number() }), z.object({ n: z.number() }));
    function* unstable(ctx: OrchestrationContext) {
        episode++;
        // not replay-safe on purpose: the step depends on how often the code ran
        yield* call(ctx, episode === 1 ? double : other, { n: 1 });
        yield* call(ctx, double, { n: 2 });
        return 'done';
    }
    const run = await drive(unstable, { instanceId: 'i-8', input: null, startAt: START, steps: [doubling, answer(other, ({ n }) => ({ n }))] });
    expect(run.status).toBe('Failed');
    expect(run.output).toMatch(/Non-deterministic workflow detected: step #0 was TaskScheduled\('double'\)/);
});

test('an input the step contract refuses is the orchestrator\'s bug: the driver says so', async () => {
    function* wrong(ctx: OrchestrationContext) {
        yield ctx.df.callActivity('double', { n: 'one' });
    }
    await expect(drive(wrong, { instanceId: 'i-9', input: null, startAt: START, steps: [doubling] })).rejects.toThrow(/'double' with an input its contract refuses/);
    await expect(drive(twice, { instanceId: 'i-9', input: { n: 1 }, startAt: START })).rejects.toThrow(/no stub for step 'double'/);
});

test('continueAsNew starts a new execution with its input and a fresh history', async () => {
    function* counting(ctx: OrchestrationContext) {
        const { left } = ctx.df.getInput() as { left: number };
        yield* call(ctx, double, { n: left });
        if (left > 0) {
            ctx.df.continueAsNew({ left: left - 1 });
            return undefined;
        }
        return 'bottom';
    }
    const run = await drive(counting, { instanceId: 'i-10', input: { left: 2 }, startAt: START, steps: [doubling] });
    expect(run.output).toBe('bottom');
    expect(run.continuedWith).toEqual([{ left: 1 }, { left: 0 }]);
    expect(run.calls.map((c) => [c.execution, c.input])).toEqual([[0, { n: 2 }], [1, { n: 1 }], [2, { n: 0 }]]);
});
