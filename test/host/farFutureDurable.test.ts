// A durable timer in the year 9999 sleeps quietly (see triggers.test.ts, far-future schedules):
// no TimeoutOverflowWarning and next to no wake-ups, also after a restart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startTestHost, tempDir } from '../helpers/testHost';
import { watchWarnings, YEAR_9999 } from './warnings';

const DURABLE = path.join(__dirname, '..', 'apps', 'durableApp.ts');

test('a durable timer in the year 9999 sleeps quietly, before and after a restart', async () => {
    const dataDir = tempDir('too-far-df-');
    const watch = watchWarnings();
    try {
        let t = await startTestHost(DURABLE, { dataDir });
        const timeoutMs = Date.parse(YEAR_9999) - Date.now();
        expect((await t.call('POST', t.durable('orchestrators/approval/far-timer'), { timeoutMs })).status).toBe(202);
        await t.host.engine.waitFor('far-timer', (s) => s.runtimeStatus === 'Running');
        await t.host.engine.whenIdle();
        const fired = jest.spyOn(t.host.engine as any, 'fireDueTimers');
        await new Promise((r) => setTimeout(r, 500));
        expect(fired.mock.calls.length).toBeLessThan(3);
        await t.stop();

        t = await startTestHost(DURABLE, { dataDir });
        const firedAgain = jest.spyOn(t.host.engine as any, 'fireDueTimers');
        await new Promise((r) => setTimeout(r, 500));
        expect(firedAgain.mock.calls.length).toBeLessThan(3);
        expect(t.host.engine.stats().timers).toBe(1);
        expect(t.host.engine.getStatus('far-timer')?.runtimeStatus).toBe('Running');
        await t.stop();
        expect(watch.warnings).toEqual([]);
    } finally {
        watch.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});
