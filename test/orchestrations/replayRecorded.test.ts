// Recorded histories of real enableOverage runs (legacy transition, new plan,
// a preflight block, a wait for auto-recharge) and partnerHandover runs
// (completed, declined, reminded then expired: answers as raised events,
// reminder and deadline as durable timers) replayed through today's
// orchestrator code: it must take the same steps and reach the same result,
// or instances in flight during a deployment would break. A history with a
// changed step must be caught.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replayRecorded, RecordedInstance } from '../helpers/recordedReplay';
import { EventType } from '../../local/durable/history';
import { APP_ENTRY } from '../helpers/appHost';
import { startTestHost, TestHost } from '../helpers/testHost';

const DIR = path.join(__dirname, '..', 'fixtures', 'histories');
const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
let t: TestHost;
let functions: Parameters<typeof replayRecorded>[0];

const smtpBefore = process.env.LOCAL_SMTP_PORT;

beforeAll(async () => {
    // no simulator here, so no mail sink: a replay sends nothing, but the app's start-up check wants mail configured
    process.env.LOCAL_SMTP_PORT ??= '2525';
    t = await startTestHost(APP_ENTRY);
    functions = t.host.engine.functions;
});
afterAll(async () => {
    await t.stop();
    if (smtpBefore === undefined) delete process.env.LOCAL_SMTP_PORT;
});

const load = (file: string): RecordedInstance => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));

test.each(fixtures)('%s replays to the recorded result with the same steps', async (file) => {
    const verdict = await replayRecorded(functions, load(file));
    expect(verdict.nonDeterminism).toBeUndefined();
    expect(verdict.state.isDone).toBe(true);
    expect(verdict.state.output).toEqual(verdict.recordedOutput);
});

test('a history whose steps no longer match the code is reported as non-deterministic', async () => {
    const recorded = load('enable-new-plan.json');
    const scheduled = recorded.history.find((e) => e.EventType === EventType.TaskScheduled && e.Name === 'assessEligibility')!;
    scheduled.Name = 'assessEligibilityV0';
    const verdict = await replayRecorded(functions, recorded);
    expect(verdict.nonDeterminism).toMatch(/TaskScheduled\('assessEligibilityV0'\).*CallActivity\('assessEligibility'\)/);
});

test('a handover history whose steps no longer match the code is reported as non-deterministic', async () => {
    const recorded = load('handover-reminded-expired.json');
    // the reminder: replay reaches it only through the recorded answer and the half-time timer
    const reminder = recorded.history.find((e) => e.EventType === EventType.TaskScheduled && e.Name === 'sendHandoverMail' && JSON.parse(e.Input!).kind === 'reminder')!;
    expect(recorded.history.indexOf(reminder)).toBeGreaterThan(recorded.history.findIndex((e) => e.EventType === EventType.TimerFired));
    reminder.Name = 'sendHandoverMailV0';
    const verdict = await replayRecorded(functions, recorded);
    expect(verdict.nonDeterminism).toMatch(/TaskScheduled\('sendHandoverMailV0'\).*CallActivity\('sendHandoverMail'\)/);
});

test('a handover answer other than the recorded one leads replay off the recorded steps', async () => {
    const recorded = load('handover-declined.json');
    const raised = recorded.history.filter((e) => e.EventType === EventType.EventRaised);
    const decline = raised.find((e) => JSON.parse(e.Input!).decision === 'decline')!;
    decline.Input = JSON.stringify({ ...JSON.parse(decline.Input!), decision: 'approve' });
    const verdict = await replayRecorded(functions, recorded);
    expect(verdict.nonDeterminism).toMatch(/Non-deterministic workflow detected/);
});
