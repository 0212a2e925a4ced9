// Recorded histories of real enableOverage runs (legacy transition, new plan,
// a preflight block, a wait for auto-recharge) and partnerHandover runs
// (completed, declined, reminded then expired: answers as raised events,
// reminder and deadline as durable timers), a bulk enablementJob, a
// monthlyAccrual and a day's usagePull (its customers pulled in parallel) replayed through today's
// orchestrator code: it must take the same steps and reach the same result,
// or instances in flight during a deployment would break. A history with a
// changed step must be caught. The generators replay as the host would run
// them (durable-functions' Orchestrator), without a host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { enableOverageOrchestrator } from '../../orchestrations/enableOverage/enableOverage';
import { partnerHandoverOrchestrator } from '../../orchestrations/partnerHandover/partnerHandover';
import { enablementJob } from '../../orchestrations/enablementJob/enablementJob';
import { monthlyAccrual } from '../../orchestrations/monthlyAccrual/monthlyAccrual';
import { usagePull } from '../../orchestrations/usagePull/usagePull';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { replayRecorded as replay, RecordedInstance } from '../helpers/recordedReplay';
import { EventType } from '../../local/durable/history';
import type { OrchestratorFunction } from '../helpers/orchestrationDriver';

const DIR = path.join(__dirname, '..', 'fixtures', 'histories');
const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));

// the generators the app registers under these names (no host: replay needs only the orchestrator)
const REGISTERED: Record<string, OrchestratorFunction> = {
    [ORCHESTRATIONS.enable]: enableOverageOrchestrator,
    [ORCHESTRATIONS.handover]: partnerHandoverOrchestrator,
    [ORCHESTRATIONS.job]: enablementJob,
    [ORCHESTRATIONS.accrual]: monthlyAccrual,
    [ORCHESTRATIONS.usagePull]: usagePull,
};
const replayRecorded = (recorded: RecordedInstance) => {
    const orchestrator = REGISTERED[recorded.name];
    if (!orchestrator) throw new Error(`no orchestrator registered as '${recorded.name}'`);
    return replay(orchestrator, recorded);
};

const load = (file: string): RecordedInstance => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));

test.each(fixtures)('%s replays to the recorded result with the same steps', async (file) => {
    const verdict = await replayRecorded(load(file));
    expect(verdict.nonDeterminism).toBeUndefined();
    expect(verdict.state.isDone).toBe(true);
    expect(verdict.state.output).toEqual(verdict.recordedOutput);
});

test('a history whose steps no longer match the code is reported as non-deterministic', async () => {
    const recorded = load('enable-new-plan.json');
    const scheduled = recorded.history.find((e) => e.EventType === EventType.TaskScheduled && e.Name === 'assessEligibility')!;
    scheduled.Name = 'assessEligibilityV0';
    const verdict = await replayRecorded(recorded);
    expect(verdict.nonDeterminism).toMatch(/TaskScheduled\('assessEligibilityV0'\).*CallActivity\('assessEligibility'\)/);
});

test('a handover history whose steps no longer match the code is reported as non-deterministic', async () => {
    const recorded = load('handover-reminded-expired.json');
    // the reminder: replay reaches it only through the recorded answer and the half-time timer
    const reminder = recorded.history.find((e) => e.EventType === EventType.TaskScheduled && e.Name === 'sendHandoverMail' && JSON.parse(e.Input!).kind === 'reminder')!;
    expect(recorded.history.indexOf(reminder)).toBeGreaterThan(recorded.history.findIndex((e) => e.EventType === EventType.TimerFired));
    reminder.Name = 'sendHandoverMailV0';
    const verdict = await replayRecorded(recorded);
    expect(verdict.nonDeterminism).toMatch(/TaskScheduled\('sendHandoverMailV0'\).*CallActivity\('sendHandoverMail'\)/);
});

test('a handover answer other than the recorded one leads replay off the recorded steps', async () => {
    const recorded = load('handover-declined.json');
    const raised = recorded.history.filter((e) => e.EventType === EventType.EventRaised);
    const decline = raised.find((e) => JSON.parse(e.Input!).decision === 'decline')!;
    decline.Input = JSON.stringify({ ...JSON.parse(decline.Input!), decision: 'approve' });
    const verdict = await replayRecorded(recorded);
    expect(verdict.nonDeterminism).toMatch(/Non-deterministic workflow detected/);
});
