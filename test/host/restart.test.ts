// State survives a clean restart: an orchestration waiting for an event and a
// durable timer, started before the stop, finish after it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startTestHost, tempDir } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');

test('waiting orchestrations resume on a new host over the same data dir', async () => {
    const dataDir = tempDir('too-restart-');
    try {
        let t = await startTestHost(APP, { dataDir });
        const key = t.host.systemKey;
        await t.call('POST', t.durable('orchestrators/approval/waits-event'), { timeoutMs: 60_000 });
        await t.call('POST', t.durable('orchestrators/approval/waits-timer'), { timeoutMs: 800 });
        await t.host.engine.waitFor('waits-event', (s) => s.runtimeStatus === 'Running');
        await t.host.engine.waitFor('waits-timer', (s) => s.runtimeStatus === 'Running');
        await t.stop();

        t = await startTestHost(APP, { dataDir });
        expect(t.host.systemKey).toBe(key); // the key is kept with the data
        expect(t.host.engine.getStatus('waits-event')?.runtimeStatus).toBe('Running');
        expect((await t.call('POST', t.durable('instances/waits-event/raiseEvent/Approval'), { approved: true })).status).toBe(202);
        const [byEvent, byTimer] = await Promise.all(['waits-event', 'waits-timer'].map((id) => t.host.engine.waitFor(id, (s) => s.runtimeStatus === 'Completed')));
        expect(byEvent.output).toEqual({ decision: 'approved' });
        expect(byTimer.output).toEqual({ decision: 'expired' });
        await t.stop();
    } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});
