// A timer trigger whose next occurrence is years away sleeps quietly (see
// triggers.test.ts, far-future schedules): no TimeoutOverflowWarning, no early run.
import * as path from 'node:path';
import { runs } from '../apps/leapDayApp';
import { startTestHost } from '../helpers/testHost';
import { watchWarnings } from './warnings';

const APP = path.join(__dirname, '..', 'apps', 'leapDayApp.ts');

test('a schedule due on the next 29 February waits without warnings or runs', async () => {
    const watch = watchWarnings();
    // on a day far from any 29 February (the next is 2028's), whatever day the test runs
    const t = await startTestHost(APP, { disableTimers: false, startAt: new Date('2026-12-07T12:00:00Z') });
    try {
        await new Promise((r) => setTimeout(r, 500));
        expect(runs).toEqual([]);
        expect(watch.warnings).toEqual([]);
    } finally {
        await t.stop();
        watch.stop();
    }
});
