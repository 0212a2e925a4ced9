// The host's clock (PUT /admin/clock): the app, the durable engine, scheduled
// messages and timer triggers all live on the time it is set to, which runs
// on from there; what waits for a time wakes when the clock passes it, and a
// restart keeps the clock.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seen } from '../apps/clockApp';
import { expectHostProblem, startTestHost, tempDir, TestHost } from '../helpers/testHost';
import { until } from '../helpers/wait';

const APP = path.join(__dirname, '..', 'apps', 'clockApp.ts');
const key = (t: TestHost) => ({ 'x-functions-key': t.host.systemKey });
/** `iso` is `expected` give or take `ms` (the clock runs on while the test looks). */
const near = (iso: string, expected: string, ms = 3000) => expect(Math.abs(Date.parse(iso) - Date.parse(expected))).toBeLessThan(ms);
const appNow = async (t: TestHost) => (await t.call('GET', '/api/now')).json.now as string;
/** Starts an orchestration of the app; `status` reads it (the Durable HTTP API). */
async function start(t: TestHost, name: string, input: unknown) {
    const res = await t.call('POST', `/api/start/${name}`, input);
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    return { id, status: async () => (await t.call('GET', t.durable(`instances/${id}`))).json };
}

describe('one host, timers off', () => {
    let t: TestHost;
    beforeAll(async () => { t = await startTestHost(APP); });
    afterAll(async () => { await t.stop(); });
    afterEach(async () => { await t.call('DELETE', '/admin/clock', undefined, key(t)); });

    test('the admin API needs the host key, and a time with its zone', async () => {
        expectHostProblem(await t.call('GET', '/admin/clock'), 401, 'host-key-required');
        expectHostProblem(await t.call('PUT', '/admin/clock', { now: '2026-11-29T12:00:00Z' }), 401, 'host-key-required');
        const real = await t.call('GET', '/admin/clock', undefined, key(t));
        expect(real.json).toEqual({ now: expect.any(String), offsetMs: 0 });
        near(real.json.now, new Date().toISOString());

        for (const now of ['2026-11-29T12:00:00', '2026-11-29', 'soon', 1_796_000_000_000, '1969-12-31T23:59:59Z', '2026-02-30T12:00:00Z']) {
            expectHostProblem(await t.call('PUT', '/admin/clock', { now }, key(t)), 400, 'invalid-clock');
        }
        expectHostProblem(await t.call('PUT', '/admin/clock', '{"now":', key(t)), 400, 'invalid-json');
        const post = await t.call('POST', '/admin/clock', { now: '2026-11-29T12:00:00Z' }, key(t));
        expectHostProblem(post, 405, 'method-not-allowed');
        expect(post.headers.get('allow')).toBe('GET, PUT, DELETE');
        expectHostProblem(await t.call('GET', '/admin/clock/offset', undefined, key(t)), 404, 'not-found');
        // nothing moved
        expect((await t.call('GET', '/admin/clock', undefined, key(t))).json.offsetMs).toBe(0);
    });

    test('the app reads the time set, which runs on from there; DELETE goes back to real time', async () => {
        const set = await t.call('PUT', '/admin/clock', { now: '2026-11-29T13:00:00+01:00' }, key(t));
        expect(set.status).toBe(200);
        near(set.json.now, '2026-11-29T12:00:00Z');
        expect(Math.abs(set.json.offsetMs - (Date.parse('2026-11-29T12:00:00Z') - Date.now()))).toBeLessThan(3000);
        const first = await appNow(t);
        near(first, '2026-11-29T12:00:00Z');
        await new Promise((r) => setTimeout(r, 50));
        expect(Date.parse(await appNow(t))).toBeGreaterThan(Date.parse(first));

        expect((await t.call('DELETE', '/admin/clock', undefined, key(t))).json).toEqual({ now: expect.any(String), offsetMs: 0 });
        near(await appNow(t), new Date().toISOString());
    });

    test('an orchestration lives on the host\'s time, and its durable timer fires once the clock passes it', async () => {
        await t.setClock('2026-11-29T12:00:00Z');
        const { status } = await start(t, 'deadline', { waitMs: 60 * 60_000 });
        const waiting = await until(async () => { const s = await status(); return s.runtimeStatus === 'Running' ? s : undefined; });
        near(waiting.createdTime, '2026-11-29T12:00:00Z');
        await new Promise((r) => setTimeout(r, 300));
        expect((await status()).runtimeStatus).toBe('Running'); // an hour to go on the host's clock

        await t.setClock('2026-11-29T13:30:00Z');
        const done = await until(async () => { const s = await status(); return s.runtimeStatus === 'Completed' ? s : undefined; });
        near(done.output.started, '2026-11-29T12:00:00Z');
        near(done.output.fired, '2026-11-29T13:30:00Z');
    });

    test('set back, an orchestration\'s history records the clock\'s time, and its currentUtcDateTime does not go back', async () => {
        await t.setClock('2026-11-29T12:00:00Z');
        const { id, status } = await start(t, 'awaitGo', {});
        await until(async () => ((await status()).runtimeStatus === 'Running' || undefined));
        await t.setClock('2026-11-28T12:00:00Z');
        expect((await t.call('POST', t.durable(`instances/${id}/raiseEvent/Go`), {})).status).toBe(202);
        const done = await until(async () => { const s = await status(); return s.runtimeStatus === 'Completed' ? s : undefined; });
        near(done.output.started, '2026-11-29T12:00:00Z');
        // durable-functions keeps the latest OrchestratorStarted time it replayed: currentUtcDateTime never goes back
        near(done.output.went, '2026-11-29T12:00:00Z');
        // the host records each episode at the clock's time, a day before the first one
        const { history, lastUpdatedTime } = (await t.call('GET', t.durable(`instances/${id}?showHistory=true`))).json;
        const episodes = (history as Array<{ EventType: string; Timestamp: string }>).filter((e) => e.EventType === 'OrchestratorStarted').map((e) => e.Timestamp);
        expect(episodes.length).toBeGreaterThan(1);
        near(episodes[0], '2026-11-29T12:00:00Z');
        near(episodes.at(-1)!, '2026-11-28T12:00:00Z');
        near(lastUpdatedTime, '2026-11-28T12:00:00Z');
    });

    test('set back, a retry waits its delay, not also the time the clock went back', async () => {
        await t.setClock('2026-11-29T12:00:00Z');
        const { id, status } = await start(t, 'retryAfterGo', {});
        await until(async () => ((await status()).runtimeStatus === 'Running' || undefined));
        await t.setClock('2026-11-28T12:00:00Z');
        expect((await t.call('POST', t.durable(`instances/${id}/raiseEvent/Go`), {})).status).toBe(202);
        const done = await until(async () => { const s = await status(); return s.runtimeStatus === 'Completed' ? s : undefined; }, 10_000);
        expect(done.output).toBe('done');
    });

    test('a scheduled message is delivered once the clock reaches its time', async () => {
        await t.setClock('2026-11-29T12:00:00Z');
        const sent = await t.call('POST', '/admin/queues/reminders/messages', { body: 'call the customer back', scheduledEnqueueTimeUtc: '2026-11-30T09:00:00Z' }, key(t));
        expect(sent.status).toBe(201);
        await new Promise((r) => setTimeout(r, 300));
        expect(seen.messages).toEqual([]);

        await t.setClock('2026-11-30T08:59:59Z');
        const [delivered] = await until(() => (seen.messages.length ? seen.messages : undefined), 5000);
        expect(delivered.body).toBe('call the customer back');
        near(delivered.at, '2026-11-30T09:00:00Z');
        expect(Date.parse(delivered.at)).toBeGreaterThanOrEqual(Date.parse('2026-11-30T09:00:00Z'));
    });

    test('a message being handled when the clock is set forward is delivered once, and completes', async () => {
        await t.setClock('2026-11-29T12:00:00Z');
        expect((await t.call('POST', '/admin/queues/slow-jobs/messages', { body: 'rate the month' }, key(t))).status).toBe(201);
        await until(() => seen.slowJobs[0], 5000);

        // a day later on the host's clock: the lock (60 s) is a duration, not a time of day
        await t.setClock('2026-11-30T12:00:00Z');
        await new Promise((r) => setTimeout(r, 300));
        const counts = async () => (await t.call('GET', '/admin/queues/slow-jobs', undefined, key(t))).json;
        // let every delivery go (a second one too, were there one) until the queue is empty
        await until(async () => {
            for (const release of seen.held.splice(0)) release();
            const c = await counts();
            return (c.active === 0 && c.locked === 0) || undefined;
        }, 5000);
        expect(seen.slowJobs).toEqual([{ body: 'rate the month', deliveryCount: 1 }]);
        expect(await counts()).toMatchObject({ active: 0, scheduled: 0, locked: 0, deadLetter: 0 });
        expect(t.logs.filter((l) => /abandon failed/.test(String(l.message)))).toEqual([]);
    });
});

test('timer triggers: on time when the clock reaches an occurrence, once past due when it skips one, from the new time when it goes back; a restart keeps the clock', async () => {
    const dataDir = tempDir('too-clock-');
    seen.timers.length = 0;
    let t: TestHost | undefined;
    try {
        t = await startTestHost(APP, { dataDir, disableTimers: false });
        await t.setClock('2026-12-01T01:59:58Z');
        const onTime = await until(() => seen.timers[0], 5000);
        expect(onTime).toMatchObject({ isPastDue: false, next: '2026-12-01T02:00:00.000Z' });
        near(onTime.at, '2026-12-01T02:00:00Z');

        await t.setClock('2027-01-01T03:00:00Z'); // past 1 January 02:00
        const pastDue = await until(() => seen.timers[1], 5000);
        expect(pastDue).toMatchObject({ isPastDue: true, next: '2027-01-01T02:00:00.000Z' });
        near(pastDue.last, '2026-12-01T02:00:00Z', 1000);
        near(pastDue.at, '2027-01-01T03:00:00Z');

        await t.setClock('2026-06-01T01:59:58Z'); // before the last run: the schedule starts again from here
        const again = await until(() => seen.timers[2], 5000);
        expect(again).toMatchObject({ isPastDue: false, next: '2026-06-01T02:00:00.000Z' });
        await new Promise((r) => setTimeout(r, 300));
        expect(seen.timers).toHaveLength(3);
        await t.stop();

        // the restart keeps the clock, and the timer, which ran a moment ago on it, does not run again
        t = await startTestHost(APP, { dataDir, disableTimers: false });
        near(await appNow(t), '2026-06-01T02:00:00Z', 10_000);
        await new Promise((r) => setTimeout(r, 300));
        expect(seen.timers).toHaveLength(3);
    } finally {
        await t?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});

test('a host that starts on a clock set before a timer\'s last run starts the schedule from there, as a clock set back does', async () => {
    const dataDir = tempDir('too-clock-start-');
    seen.timers.length = 0;
    let t: TestHost | undefined;
    try {
        t = await startTestHost(APP, { dataDir, disableTimers: false, startAt: new Date('2026-12-01T01:59:58Z') });
        await until(() => seen.timers[0], 5000);
        await t.stop();

        t = await startTestHost(APP, { dataDir, disableTimers: false, startAt: new Date('2026-06-01T01:59:58Z') });
        const again = await until(() => seen.timers[1], 5000);
        expect(again).toMatchObject({ isPastDue: false, next: '2026-06-01T02:00:00.000Z' });
        near(again.at, '2026-06-01T02:00:00Z');
    } finally {
        await t?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});
