// disableOverage's branches, run by the orchestration driver against stubbed
// steps: the owner sets None and waits until Partner Center shows it; nothing
// to change when overage was not on; refusals end the run; a Partner Center
// that never shows the change fails it.
import { disableOverageOrchestrator } from '../../orchestrations/disableOverage/disableOverage';
import type { DisableInput } from '../../shared/core/overage/enablement';
import { readOverage, recordOverage, requestOverage, verifyCaller } from '../../shared/core/steps/overageSteps';
import { OrchestrationDriver } from '../helpers/orchestrationDriver';
import { AGENT, CUSTOMER, overageItem, OverageModel, overageStubs, refusal, SUB_A, TIMING, trail } from './overageStubs';

const START = '2031-09-30T23:59:00.000Z';
const ID = `disableOverage-${CUSTOMER}-PhoneServices-1`;

async function disable(model: Partial<OverageModel> = {}, extra: Partial<DisableInput> = {}, timing = TIMING) {
    const s = overageStubs(model);
    const input: DisableInput = { customerTenantId: CUSTOMER, service: 'PhoneServices', caller: AGENT, requestedAt: START, timing, viewers: ['1001'], ...extra };
    const run = await new OrchestrationDriver(disableOverageOrchestrator, { instanceId: ID, input, startAt: START, steps: s.steps }).finish();
    return { run, s };
}

test('overage on: set to None, watched until Partner Center shows it, then recorded as given up', async () => {
    const { run, s } = await disable({ overage: overageItem('1001', SUB_A), applyAfterReads: 3 });
    expect(run.output).toEqual({ result: 'disabled' });
    expect(run.inputsOf(requestOverage)).toEqual([{ customerTenantId: CUSTOMER, caller: AGENT, azureEntitlementId: null, overageEnabled: false }]);
    expect(run.calls.filter((c) => c.name === readOverage.name).map((c) => Date.parse(c.at) - Date.parse(START))).toEqual([0, 5_000, 10_000]);
    expect(s.records).toEqual([{ customerTenantId: CUSTOMER, service: 'PhoneServices', partnerId: '1001', azureEntitlementId: null, overageEnabled: false, runId: ID, at: '2031-09-30T23:59:10.000Z', runStartedAt: START }]);
    expect(trail(s)).toEqual(['verify-caller ok', 'set-overage ok']);
    expect(run.statuses).toContainEqual({ step: 'set-overage', waitingFor: 'Partner Center to set overage to None' });
    expect(s.finished).toEqual([{ status: 'completed', outcome: { result: 'disabled' } }]);
});

test('overage not on: nothing to change, nothing written, and no record (a first purchase stays its purchaser\'s)', async () => {
    const { run, s } = await disable({ overage: null });
    expect(run.output).toEqual({ result: 'disabled' });
    expect(run.stepNames).not.toContain(requestOverage.name);
    expect(run.stepNames).not.toContain(recordOverage.name);
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'set-overage', result: 'info', detail: 'Overage for PhoneServices was not on; nothing to change.' });
});

test.each([
    ['verify-caller', { refuse: { verifyCaller: 'role-not-permitted' } }, 'role-not-permitted'],
    ['ownership', { refuse: { assessOwnership: 'owned-by-another-partner' } }, 'owned-by-another-partner'],
    ['set-overage', { overage: overageItem('1001', SUB_A), refuse: { requestOverage: 'owned-by-another-partner' } }, 'owned-by-another-partner'],
] as const)('refused at %s', async (stepName, model, code) => {
    const { run, s } = await disable(model as Partial<OverageModel>);
    expect(run.output).toEqual({ result: 'refused', blockers: [refusal(code).blocker] });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: stepName, result: 'refused' });
    expect(run.customStatus).toEqual({ step: 'done', result: 'refused' });
    expect(run.stepNames).not.toContain(recordOverage.name);
});

test("a reseller's overage is set to None by its provider, named as the reseller", async () => {
    const { run } = await disable({ overage: overageItem('3001', SUB_A), actingForPartnerId: '3001' }, { resellerPartnerId: '3001' });
    expect(run.inputsOf(verifyCaller)[0]).toMatchObject({ onBehalfOfPartnerId: '3001' });
    // Partner Center's update names the reseller, as the enablement's does (else it refuses: the record is the reseller's)
    expect(run.inputsOf(requestOverage)).toEqual([expect.objectContaining({ overageEnabled: false, resellerId: '3001' })]);
    expect(run.output).toEqual({ result: 'disabled' });
    const plain = await disable({ overage: null });
    expect(plain.run.inputsOf(verifyCaller)[0]).not.toHaveProperty('onBehalfOfPartnerId');
});

test('Partner Center never shows None: the run fails with operation-timeout at set-overage', async () => {
    const { run, s } = await disable({ overage: overageItem('1001', SUB_A), applyAfterReads: Infinity }, {}, { ...TIMING, pollTimeoutMs: 60_000 });
    expect(run.status).toBe('Failed');
    expect(s.finished).toEqual([{ status: 'failed', fault: expect.objectContaining({ code: 'operation-timeout', detail: 'Partner Center did not apply the change within 1 min.' }) }]);
    expect(run.customStatus).toMatchObject({ step: 'failed', failedAt: 'set-overage' });
    expect(run.stepNames).not.toContain(recordOverage.name);
});
