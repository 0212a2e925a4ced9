// Timer triggers through the embedded host: NCRONTAB schedules, and the
// schedule status that survives a restart so a missed occurrence runs past due.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seen } from '../apps/triggersApp';
import { startTestHost, tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';

const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');

test('a six-field schedule fires, and an occurrence missed while stopped runs once past due', async () => {
    const dataDir = tempDir('too-timer-');
    try {
        let t = await startTestHost(APP, { dataDir, disableTimers: false });
        await until(() => seen.timers.length >= 1 || undefined, 4000);
        const first = seen.timers[0];
        expect(first.isPastDue).toBe(false);
        expect(Math.abs(Date.parse(first.next) - Date.now())).toBeLessThan(2000); // every second: the due occurrence is now
        await t.stop();

        await new Promise((r) => setTimeout(r, 1500)); // the host is down across an occurrence
        const count = seen.timers.length;
        t = await startTestHost(APP, { dataDir, disableTimers: false });
        await until(() => seen.timers.length > count || undefined, 3000);
        expect(seen.timers[count].isPastDue).toBe(true);
        await t.stop();
    } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});
