// usagePull's fan-out, run by the orchestration driver against stubbed steps:
// the roster listed once, read a page at a time, customers pulled at most
// `concurrency` at once, one customer's failure counted and the others
// pulled all the same, continueAsNew with a cursor into the roster, the
// roster removed at the end.
import { usagePull } from '../../orchestrations/usagePull/usagePull';
import {
    CustomerPull, endUsagePull, listUsagePullCustomers, nextUsagePullCustomers, pullCustomerUsage, UsagePullInput,
} from '../../shared/core/steps/usagePullSteps';
import { answer, OrchestrationDriver } from '../helpers/orchestrationDriver';

const START = '2031-03-15T03:00:00.000Z';
const RUN = 'usagePull-2031-03-15';
const customer = (i: number) => `10000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Customer 3 fails, customer 5 lacks consent, the rest are pulled with i calls each. */
function pulled({ customerTenantId }: { customerTenantId: string }): CustomerPull {
    const i = parseInt(customerTenantId.slice(-12), 16);
    if (i === 3) return { customerTenantId, state: 'failed', accepted: 0, duplicates: 0, pulledThrough: null, error: 'upstream-unavailable: Microsoft Graph failed to answer' };
    if (i === 5) return { customerTenantId, state: 'consent-missing', accepted: 0, duplicates: 0, pulledThrough: null, error: 'consent missing: Forbidden' };
    return { customerTenantId, state: 'ok', accepted: i, duplicates: 0, pulledThrough: '2031-03-15T00:00:00.000Z' };
}

function run(count: number, o: { concurrency?: number; resultOrder?: 'scheduled' | 'reversed' } = {}) {
    const roster = Array.from({ length: count }, (_, i) => ({ customerTenantId: customer(i + 1), partnerId: i % 2 ? '1002' : '1001' }));
    const input: UsagePullInput = { day: '2031-03-15', concurrency: o.concurrency ?? 4, requestedAt: START };
    return new OrchestrationDriver(usagePull, {
        instanceId: RUN, input, startAt: START, stepMs: 1000, resultOrder: o.resultOrder,
        steps: [
            answer(listUsagePullCustomers, () => ({ total: count })),
            answer(nextUsagePullCustomers, ({ offset, limit }) => ({ customers: roster.slice(offset, offset + limit) })),
            answer(pullCustomerUsage, pulled),
            answer(endUsagePull, () => ({ removed: Math.ceil(count / 1000) })),
        ],
    });
}

/** The pulls scheduled together (one episode each: the same virtual time), as customer numbers. */
function batches(d: OrchestrationDriver): number[][] {
    const byTime = new Map<string, number[]>();
    for (const c of d.calls.filter((c) => c.name === pullCustomerUsage.name)) {
        const i = parseInt((c.input as { customerTenantId: string }).customerTenantId.slice(-12), 16);
        byTime.set(`${c.execution}@${c.at}`, [...(byTime.get(`${c.execution}@${c.at}`) ?? []), i]);
    }
    return [...byTime.values()];
}

test('ten customers, four at a time: each pulled once, in the roster\'s order, as the partner the roster names; one failing and one without consent stop nobody', async () => {
    const d = await run(10).finish();
    expect(d.status).toBe('Completed');
    expect(batches(d)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    expect(d.inputsOf(pullCustomerUsage)[1]).toEqual({ customerTenantId: customer(2), partnerId: '1002', runId: RUN });
    expect(d.stepNames.filter((n) => n !== pullCustomerUsage.name)).toEqual(['listUsagePullCustomers', 'nextUsagePullCustomers', 'endUsagePull']);
    expect(d.inputsOf(listUsagePullCustomers)).toEqual([{ runId: RUN }]);
    expect(d.output).toEqual({
        day: '2031-03-15', total: 10, done: 10, ok: 8, consentMissing: 1, failed: 1, accepted: 1 + 2 + 4 + 6 + 7 + 8 + 9 + 10,
        failures: [
            { customerTenantId: customer(3), state: 'failed', error: 'upstream-unavailable: Microsoft Graph failed to answer' },
            { customerTenantId: customer(5), state: 'consent-missing', error: 'consent missing: Forbidden' },
        ],
    });
    expect(d.statuses.map((s: any) => s.done)).toEqual([0, 4, 8, 10]);
    expect(d.customStatus).toEqual({ day: '2031-03-15', done: 10, total: 10, ok: 8, consentMissing: 1, failed: 1 });
});

test('the batch size is the run\'s concurrency: one at a time, or all of a page at once', async () => {
    expect(batches(await run(3, { concurrency: 1 }).finish())).toEqual([[1], [2], [3]]);
    expect(batches(await run(30, { concurrency: 50 }).finish()).map((b) => b.length)).toEqual([30]);
});

test('450 customers: the roster read 100 at a time, continuing as new after 200 with only a cursor, every customer pulled once', async () => {
    const d = await run(450, { concurrency: 25 }).finish();
    expect(d.status).toBe('Completed');
    expect(d.continuedWith).toHaveLength(2);
    expect(d.continuedWith.map((i: any) => [i.progress.done, i.progress.total, i.concurrency, i.day])).toEqual([[200, 450, 25, '2031-03-15'], [400, 450, 25, '2031-03-15']]);
    expect(JSON.stringify(d.continuedWith[0]).length).toBeLessThan(1000); // no roster in the input
    expect(d.inputsOf(nextUsagePullCustomers).map((i) => i.offset)).toEqual([0, 100, 200, 300, 400]);
    expect(d.stepNames.filter((n) => n === listUsagePullCustomers.name || n === endUsagePull.name)).toEqual(['listUsagePullCustomers', 'endUsagePull']);
    const ids = d.inputsOf(pullCustomerUsage).map((i) => i.customerTenantId);
    expect(new Set(ids).size).toBe(450);
    expect(batches(d).every((b) => b.length <= 25)).toBe(true);
    expect(d.output).toMatchObject({ total: 450, done: 450, ok: 448, failed: 1, consentMissing: 1 });
});

test('results of a batch coming back in another order change nothing', async () => {
    const inOrder = await run(10).finish();
    const reversed = await run(10, { resultOrder: 'reversed' }).finish();
    expect(reversed.output).toEqual(inOrder.output);
});

test('no customers to pull: the roster is listed, nothing pulled, the run ends', async () => {
    const d = await run(0).finish();
    expect(d.output).toEqual({ day: '2031-03-15', total: 0, done: 0, ok: 0, consentMissing: 0, failed: 0, accepted: 0, failures: [] });
    expect(d.stepNames).toEqual(['listUsagePullCustomers', 'endUsagePull']);
});
