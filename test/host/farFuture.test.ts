// Far-future schedules sleep quietly: setTimeout caps at 2^31-1 ms, and a
// longer delay makes Node warn and fire after 1 ms, so a host that passed one
// through would spin. No TimeoutOverflowWarning, next to no wake-ups, also
// after a restart on the same data dir.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seen } from '../apps/triggersApp';
import { startTestHost, tempDir, TestHost } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { watchWarnings, YEAR_9999 } from './warnings';

const TRIGGERS = path.join(__dirname, '..', 'apps', 'triggersApp.ts');

/** How often the queue side of the host woke up to look for work during `ms`. */
async function queueWakeUps(t: TestHost, ms: number): Promise<number> {
    const looks = jest.spyOn(t.host.queues, 'nextVisibleIn');
    const receives = jest.spyOn(t.host.queues, 'receive');
    await new Promise((r) => setTimeout(r, ms));
    const n = looks.mock.calls.length + receives.mock.calls.length;
    looks.mockRestore();
    receives.mockRestore();
    return n;
}

test('a message scheduled for 9999-12-31 sleeps quietly, before and after a restart', async () => {
    const dataDir = tempDir('too-far-');
    const watch = watchWarnings();
    try {
        let t = await startTestHost(TRIGGERS, { dataDir });
        const key = { 'x-functions-key': t.host.systemKey };
        const sent = await t.call('POST', '/admin/queues/orders/messages', { body: { order: 'far' }, messageId: 'far-1', scheduledEnqueueTimeUtc: YEAR_9999 }, key);
        expect(sent.status).toBe(201);
        expect(await queueWakeUps(t, 500)).toBeLessThan(5);
        expect(t.host.queues.counts('orders')).toMatchObject({ scheduled: 1 });
        await t.stop();

        t = await startTestHost(TRIGGERS, { dataDir });
        expect(await queueWakeUps(t, 500)).toBeLessThan(5);
        expect(t.host.queues.counts('orders')).toMatchObject({ scheduled: 1 });
        expect(Math.abs(t.host.clock.now() + t.host.queues.nextVisibleIn('orders')! - Date.parse(YEAR_9999))).toBeLessThan(1000); // still due at its time
        await t.stop();
        expect(watch.warnings).toEqual([]);
        expect(seen.messages.find((m) => m.meta.messageId === 'far-1')).toBeUndefined();
    } finally {
        watch.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});

test('a lock longer than setTimeout allows is renewed without warnings', async () => {
    const watch = watchWarnings();
    const t = await startTestHost(TRIGGERS, { queues: { orders: { lockDurationMs: 2 ** 40 } } });
    try {
        await t.call('POST', '/admin/queues/orders/messages', { body: { order: 'long-lock' }, messageId: 'long-lock-1' }, { 'x-functions-key': t.host.systemKey });
        await until(() => seen.messages.find((m) => m.meta.messageId === 'long-lock-1'));
        await new Promise((r) => setTimeout(r, 100));
        expect(watch.warnings).toEqual([]);
    } finally {
        await t.stop();
        watch.stop();
    }
});
