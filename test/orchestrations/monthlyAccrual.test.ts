// monthlyAccrual's fan-out, run by the orchestration driver against stubbed
// steps: customers rated 25 at a time in parallel, progress in the custom
// status, continueAsNew after 8 batches carrying what was found, failures
// reported rather than retried, a partner's own run scoped to its partner.
import { monthlyAccrual } from '../../orchestrations/monthlyAccrual/monthlyAccrual';
import type { AccrualInput } from '../../shared/core/steps/accrualInput';
import { accrueCustomer, CustomerAccrual, listAccrualCustomers, notifyReconciliation, snapshotCredits } from '../../shared/core/steps/accrualSteps';
import { answer, OrchestrationDriver } from '../helpers/orchestrationDriver';

const START = '2031-12-01T02:00:00.000Z';
const customer = (i: number) => `10000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const AGENT = { partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent' as const] };

/** Customer i: partners 1001 and, for every third, 1002 too; every seventh incomplete, every eleventh failed. */
function rated({ customerTenantId }: { customerTenantId: string }): CustomerAccrual {
    const i = parseInt(customerTenantId.slice(-12), 16);
    const partnerIds = i % 3 === 0 ? ['1002', '1001'] : ['1001'];
    if (i % 11 === 0) return { customerTenantId, status: 'failed', partnerIds: [], lines: 0, error: `no rate card for ${i}` };
    return { customerTenantId, status: i % 7 === 0 ? 'incomplete' : 'complete', partnerIds, lines: 3 };
}

function accrual(count: number, input: Partial<AccrualInput> = {}, resultOrder: 'scheduled' | 'reversed' = 'scheduled') {
    const customers = Array.from({ length: count }, (_, i) => customer(i + 1));
    const steps = [
        answer(listAccrualCustomers, () => ({ customers })),
        answer(snapshotCredits, () => ({ customers: count, recorded: count, failed: 0 })),
        answer(accrueCustomer, rated),
        answer(notifyReconciliation, ({ partnerIds }) => ({ sent: partnerIds })),
    ];
    return new OrchestrationDriver(monthlyAccrual, { instanceId: 'monthlyAccrual-2031-11', input: { month: '2031-11', requestedAt: START, ...input }, startAt: START, steps, resultOrder });
}

test('a month of 60 customers: rated 25 at a time, all in one execution, and the partners told once at the end', async () => {
    const run = await accrual(60, { snapshotMonth: '2031-12' }).finish();
    expect(run.status).toBe('Completed');
    const failed = [11, 22, 33, 44, 55].map((i) => ({ customerTenantId: customer(i), error: `no rate card for ${i}` }));
    expect(run.output).toEqual({ month: '2031-11', customers: 60, incomplete: [7, 14, 21, 28, 35, 42, 49, 56].map(customer), failed, partnerIds: ['1001', '1002'] });
    expect(run.stepNames.filter((n) => n !== accrueCustomer.name)).toEqual(['snapshotCredits', 'listAccrualCustomers', 'notifyReconciliation']);
    expect(run.inputsOf(snapshotCredits)).toEqual([{ month: '2031-12', at: START }]);
    expect(run.inputsOf(accrueCustomer)).toHaveLength(60);
    expect(run.inputsOf(accrueCustomer)[0]).toEqual({ customerTenantId: customer(1), month: '2031-11', at: START });
    expect(run.inputsOf(notifyReconciliation)).toEqual([{ month: '2031-11', partnerIds: ['1001', '1002'], runId: 'monthlyAccrual-2031-11' }]);
    // three batches, each scheduled at once and answered together
    expect(run.statuses.map((s: any) => s.done)).toEqual([0, 25, 50, 60]);
    expect(run.customStatus).toEqual({ month: '2031-11', done: 60, total: 60, incomplete: 8, failed: 5 });
    expect(run.continuedWith).toEqual([]);
});

test('the results of a batch arriving in another order change nothing', async () => {
    const inOrder = await accrual(60).finish();
    const reversed = await accrual(60, {}, 'reversed').finish();
    expect(reversed.output).toEqual(inOrder.output);
});

test('beyond 8 batches the run continues as new, carrying the customers, its progress and what it found', async () => {
    const run = await accrual(230).finish();
    expect(run.continuedWith).toHaveLength(1);
    const carried = run.continuedWith[0] as AccrualInput;
    expect(carried.progress).toMatchObject({ done: 200, customers: expect.any(Array), partnerIds: ['1001', '1002'] });
    expect(carried.progress!.customers).toHaveLength(230);
    expect(carried.progress!.failed).toHaveLength(18); // 11, 22, ..., 198
    // the next execution lists nothing again and rates only the rest
    expect(run.calls.filter((c) => c.execution === 1).map((c) => c.name)).toEqual([...Array(30).fill('accrueCustomer'), 'notifyReconciliation']);
    expect(run.stepNames.filter((n) => n === listAccrualCustomers.name)).toHaveLength(1);
    expect(run.output).toMatchObject({ customers: 230, partnerIds: ['1001', '1002'] });
    expect(run.output.failed).toHaveLength(20);
    expect(run.output.incomplete).toHaveLength(32 - 2); // multiples of 7 up to 230, less those of 77 (failed first)
});

test("a partner's own run lists and rates only its customers, keeps only its lines, and tells only itself", async () => {
    const run = await accrual(12, { caller: AGENT }).finish();
    expect(run.inputsOf(listAccrualCustomers)).toEqual([{ month: '2031-11', caller: AGENT }]);
    expect(run.inputsOf(accrueCustomer).every((i) => i.partnerId === '1002')).toBe(true);
    expect(run.stepNames).not.toContain(snapshotCredits.name);
    expect(run.output.partnerIds).toEqual(['1002']);
    expect(run.inputsOf(notifyReconciliation)[0].partnerIds).toEqual(['1002']);
});

test('a month without usage: nothing rated, no partner told', async () => {
    const run = await accrual(0).finish();
    expect(run.output).toEqual({ month: '2031-11', customers: 0, incomplete: [], failed: [], partnerIds: [] });
    expect(run.inputsOf(notifyReconciliation)).toEqual([{ month: '2031-11', partnerIds: [], runId: 'monthlyAccrual-2031-11' }]);
});
