// enablementJob, run by the orchestration driver against stubbed steps (no
// host): a sliding window of at most `concurrency` runs in flight, each
// start's and each run's outcome counted where it belongs, a cancel that
// starts nothing more and lets the started runs finish, continueAsNew with
// the cursor so no customer starts twice, and a fault of the job's own steps
// said on the job.
import { enablementJob, ROUNDS_PER_EXECUTION } from '../../orchestrations/enablementJob/enablementJob';
import { StepFault } from '../../shared/core/faults/stepFault';
import { checkJobRuns, JobCounts, JobCustomer, JobInput, nextJobCustomers, recordJobProgress, startJobCustomer } from '../../shared/core/steps/jobSteps';
import { answer, OrchestrationDriver } from '../helpers/orchestrationDriver';

const START = '2032-03-01T09:00:00.000Z';
const AGENT = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent' as const] };
const POLL_MS = 1_000;
const customer = (i: number) => `10000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/**
 * A roster of `total` customers. Customer i: unknown to the fleet view when i % 13 === 12 (refused at once);
 * its start: skipped when i % 10 === 3, refused when i % 10 === 7, else running; its run ends at its
 * (i % 3 + 1)-th check: blocked when i % 5 === 0, failed when i % 5 === 1, skipped (cancelled) when i % 11 === 4, else enabled.
 */
class Fleet {
    readonly unknown = (i: number) => i % 13 === 12;
    readonly inFlight = new Set<number>();
    maxInFlight = 0;
    readonly started: number[] = [];
    private readonly checks = new Map<number, number>();
    cancelAfterRounds = Infinity;
    rounds = 0;
    readonly progress: Array<{ counts: JobCounts; skippedFrom: number | null; end: unknown }> = [];
    failChecks = false;

    constructor(readonly total: number) {}

    initialCounts(): JobCounts {
        const refused = Array.from({ length: this.total }, (_, i) => i).filter(this.unknown).length;
        return { queued: this.total - refused, running: 0, enabled: 0, blocked: 0, refused, failed: 0, skipped: 0 };
    }

    startOutcome(i: number) {
        if (i % 10 === 3) return { outcome: 'skipped' as const, runId: `other-run-${i}`, detail: 'run-in-progress: another request' };
        if (i % 10 === 7) return { outcome: 'refused' as const, runId: null, detail: 'customer-not-found: Partner Center' };
        return { outcome: 'running' as const, runId: `enableOverage-${customer(i)}-${i}`, detail: null };
    }

    endOutcome(i: number) {
        if (i % 5 === 0) return 'blocked' as const;
        if (i % 5 === 1) return 'failed' as const;
        if (i % 11 === 4) return 'skipped' as const;
        return 'enabled' as const;
    }

    /** The counts the job must end with when nothing is cancelled. */
    expected(): JobCounts {
        const counts: JobCounts = { queued: 0, running: 0, enabled: 0, blocked: 0, refused: 0, failed: 0, skipped: 0 };
        for (let i = 0; i < this.total; i++) {
            if (this.unknown(i)) counts.refused++;
            else {
                const s = this.startOutcome(i).outcome;
                counts[s === 'running' ? this.endOutcome(i) : s]++;
            }
        }
        return counts;
    }

    steps() {
        return [
            answer(nextJobCustomers, ({ from, count }) => {
                const customers: JobCustomer[] = [];
                let i = from;
                for (; i < this.total && customers.length < count; i++) {
                    if (!this.unknown(i)) customers.push({ index: i, customerTenantId: customer(i), name: `Customer ${i}`, resellerPartnerId: i % 4 === 0 ? '3001' : null });
                }
                return { customers, next: i };
            }),
            answer(startJobCustomer, ({ customer: c }) => {
                this.started.push(c.index);
                const s = this.startOutcome(c.index);
                if (s.outcome === 'running') {
                    this.inFlight.add(c.index);
                    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
                }
                return s;
            }),
            answer(checkJobRuns, ({ runs }) => {
                if (this.failChecks) throw new StepFault({ code: 'store-unavailable', detail: 'The store did not answer.', remedy: 'Try again later.' });
                const ended = [];
                for (const r of runs) {
                    const n = (this.checks.get(r.index) ?? 0) + 1;
                    this.checks.set(r.index, n);
                    if (n >= (r.index % 3) + 1) {
                        this.inFlight.delete(r.index);
                        ended.push({ index: r.index, outcome: this.endOutcome(r.index), detail: null });
                    }
                }
                return { ended };
            }),
            answer(recordJobProgress, (p) => {
                this.progress.push(p);
                return { cancelRequested: ++this.rounds > this.cancelAfterRounds };
            }),
        ];
    }

    driver(concurrency: number) {
        const input: JobInput = {
            jobId: 'enablementJob-1', partnerId: '1001', caller: AGENT, options: { service: 'PhoneServices', azureEntitlementId: 'new', subscriptionName: 'Teams overage' },
            total: this.total, concurrency, pollMs: POLL_MS,
            cursor: { next: 0, running: [], counts: this.initialCounts(), skippedFrom: null },
        };
        return new OrchestrationDriver(enablementJob, { instanceId: 'enablementJob-1', input, startAt: START, steps: this.steps() });
    }
}

const sum = (c: JobCounts) => Object.values(c).reduce((a, b) => a + b, 0);

test('a sliding window: never more than `concurrency` runs in flight, kept full while customers are left, each customer started once in order', async () => {
    const fleet = new Fleet(40);
    const run = await fleet.driver(4).finish();
    expect(run.status).toBe('Completed');
    expect(fleet.maxInFlight).toBe(4);
    const known = Array.from({ length: 40 }, (_, i) => i).filter((i) => !fleet.unknown(i));
    expect(fleet.started).toEqual(known);
    // each start asks for the run with the job's options, the customer's reseller and the agent
    const starts = run.inputsOf(startJobCustomer);
    expect(starts[0]).toEqual({ jobId: 'enablementJob-1', partnerId: '1001', caller: AGENT, options: { service: 'PhoneServices', azureEntitlementId: 'new', subscriptionName: 'Teams overage' }, customer: { index: 0, customerTenantId: customer(0), name: 'Customer 0', resellerPartnerId: '3001' } });
    // only running items are read, and never more than the window holds
    expect(run.inputsOf(checkJobRuns).every((c) => c.runs.length <= 4 && c.runs.length > 0)).toBe(true);
    // a check comes only after a poll interval on a durable timer
    const checks = run.calls.filter((c) => c.name === checkJobRuns.name).map((c) => Date.parse(c.at));
    expect(checks[0] - Date.parse(START)).toBe(POLL_MS);
});

test('outcomes: each start and each run end counted where it belongs; the job ends completed with the counts it published', async () => {
    const fleet = new Fleet(60);
    const run = await fleet.driver(8).finish();
    expect(run.output).toEqual({ status: 'completed', counts: fleet.expected() });
    expect(sum(run.output.counts)).toBe(60);
    // the counts it publishes always add up to the whole job
    expect(fleet.progress.every((p) => sum(p.counts) === 60)).toBe(true);
    const last = fleet.progress[fleet.progress.length - 1];
    expect(last).toEqual({ jobId: 'enablementJob-1', partnerId: '1001', counts: fleet.expected(), skippedFrom: null, end: { status: 'completed', at: run.now.toISOString() } });
    // the first publication is the job as asked for: everything queued but the customers refused at once
    expect(fleet.progress[0]).toMatchObject({ counts: fleet.initialCounts(), end: null });
});

test('cancel: nothing starts after the job hears of it, what had not started is skipped, the started runs finish and are counted', async () => {
    const fleet = new Fleet(50);
    fleet.cancelAfterRounds = 3;
    const run = await fleet.driver(5).finish();
    expect(run.output.status).toBe('cancelled');
    const startsBeforeCancel = fleet.started.length;
    expect(startsBeforeCancel).toBeGreaterThan(0);
    expect(startsBeforeCancel).toBeLessThan(40);
    // no start after the round that heard of the cancel
    const cancelHeard = run.calls.filter((c) => c.name === recordJobProgress.name)[3];
    expect(run.calls.filter((c) => c.name === startJobCustomer.name && Date.parse(c.at) > Date.parse(cancelHeard.at))).toEqual([]);
    // the runs in flight were followed to their end
    expect(fleet.inFlight.size).toBe(0);
    const { counts } = run.output;
    expect(counts.queued).toBe(0);
    expect(counts.running).toBe(0);
    expect(sum(counts)).toBe(50);
    const last = fleet.progress[fleet.progress.length - 1];
    expect(last.end).toEqual({ status: 'cancelled', at: expect.any(String) });
    const skippedFrom = last.skippedFrom!;
    expect(skippedFrom).toBe(Math.max(...fleet.started) + 1);
    // everything known from there on is skipped, besides the starts that skipped themselves and the runs that were cancelled
    const notStarted = Array.from({ length: 50 - skippedFrom }, (_, k) => skippedFrom + k).filter((i) => !fleet.unknown(i)).length;
    const skippedByStarts = fleet.started.filter((i) => fleet.startOutcome(i).outcome === 'skipped' || (fleet.startOutcome(i).outcome === 'running' && fleet.endOutcome(i) === 'skipped')).length;
    expect(counts.skipped).toBe(notStarted + skippedByStarts);
});

test('a cancel before the first start starts nothing', async () => {
    const fleet = new Fleet(10);
    fleet.cancelAfterRounds = 0;
    const run = await fleet.driver(3).finish();
    expect(fleet.started).toEqual([]);
    expect(run.output).toEqual({ status: 'cancelled', counts: { ...fleet.initialCounts(), queued: 0, skipped: fleet.initialCounts().queued } });
    expect(run.pendingTimers).toEqual([]);
});

test('continueAsNew every few rounds carries the cursor: no customer starts twice, and the job ends with every customer counted', async () => {
    const fleet = new Fleet(120);
    const run = await fleet.driver(2).finish();
    expect(run.continuedWith.length).toBeGreaterThan(1);
    const carried = run.continuedWith[0] as JobInput;
    expect(carried).toMatchObject({ jobId: 'enablementJob-1', total: 120, concurrency: 2, pollMs: POLL_MS });
    expect(carried.cursor.next).toBeGreaterThan(0);
    expect(carried.cursor.running.length).toBeLessThanOrEqual(2);
    expect(sum(carried.cursor.counts)).toBe(120);
    // each execution holds at most ROUNDS_PER_EXECUTION rounds: one publication each
    const perExecution = new Map<number, number>();
    for (const c of run.calls.filter((x) => x.name === recordJobProgress.name)) perExecution.set(c.execution, (perExecution.get(c.execution) ?? 0) + 1);
    expect(Math.max(...perExecution.values())).toBeLessThanOrEqual(ROUNDS_PER_EXECUTION + 1);
    // every customer started exactly once across the executions, and the next execution follows the runs carried over
    const known = Array.from({ length: 120 }, (_, i) => i).filter((i) => !fleet.unknown(i));
    expect(fleet.started).toEqual(known);
    const secondChecks = run.calls.filter((c) => c.execution === 1 && c.name === checkJobRuns.name);
    for (const r of carried.cursor.running) expect(secondChecks.some((c) => (c.input as { runs: Array<{ index: number }> }).runs.some((x) => x.index === r.index))).toBe(true);
    expect(run.output).toEqual({ status: 'completed', counts: fleet.expected() });
});

test('a fault of the job\'s own steps fails the job, and the job says so', async () => {
    const fleet = new Fleet(10);
    fleet.failChecks = true;
    const run = await fleet.driver(3).finish();
    expect(run.status).toBe('Failed');
    const last = fleet.progress[fleet.progress.length - 1];
    expect(last.end).toEqual({ status: 'failed', at: expect.any(String), error: 'store-unavailable: The store did not answer.' });
});
