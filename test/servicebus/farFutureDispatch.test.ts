// A message scheduled further ahead than setTimeout can wait (2^31-1 ms, about
// 24.8 days) is delivered at its time: the dispatcher sleeps the longest
// allowed, wakes early, finds nothing due and sleeps again. Fake clock.
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { EmbeddedQueues } from '../../local/servicebus/embeddedQueues';
import { QueueDispatcher } from '../../local/servicebus/queueDispatcher';
import { MAX_TIMER_DELAY_MS, timerDelay } from '../../local/timers/timerDelay';
import { FunctionHost } from '../../local/worker/functionHost';
import { RegisteredFunction } from '../../local/worker/types';

const DAY = 86_400_000;

afterEach(() => jest.useRealTimers());

test('timerDelay keeps delays setTimeout accepts', () => {
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(1234)).toBe(1234);
    expect(timerDelay(2 ** 40)).toBe(MAX_TIMER_DELAY_MS);
    expect(timerDelay(Infinity)).toBe(MAX_TIMER_DELAY_MS);
    expect(timerDelay(NaN)).toBe(MAX_TIMER_DELAY_MS);
});

test('a message scheduled 60 days ahead is delivered on day 60, not before', async () => {
    jest.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z') });
    const queues = new EmbeddedQueues(openKv(undefined));
    const delivered: number[] = [];
    const fn = { metadata: { name: 'processOrder', bindings: {} }, trigger: { type: 'serviceBusTrigger', direction: 'in', queueName: 'orders' }, callback: () => undefined } as RegisteredFunction;
    const functions = { byTrigger: () => [fn], invoke: async () => { delivered.push(Date.now()); } } as unknown as FunctionHost;
    const dispatcher = new QueueDispatcher(queues, functions, () => undefined);
    dispatcher.start();
    const due = Date.now() + 60 * DAY;
    await queues.send('orders', { body: 'later', scheduledEnqueueTimeUtc: new Date(due) });

    await jest.advanceTimersByTimeAsync(59 * DAY);
    expect(delivered).toEqual([]);
    expect(jest.getTimerCount()).toBeLessThanOrEqual(1); // one sleeping wake-up, not a spin
    await jest.advanceTimersByTimeAsync(1 * DAY + 1000);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toBeGreaterThanOrEqual(due);
    await dispatcher.stop();
});
