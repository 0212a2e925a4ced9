// enableOverage's branches, run by the orchestration driver against stubbed
// steps (no host): each refusal ends the run with its result before anything
// is created, the subscription is found, created or reached through a plan
// transition, Partner Center is polled on durable timers until it shows the
// setting, and a fault fails the run with its record.
import { enableOverageOrchestrator } from '../../orchestrations/enableOverage/enableOverage';
import type { EnablementInput } from '../../shared/core/overage/enablement';
import { createSubscription, notifyAutoRecharge, readAzure, readOverage, readSubscription, recordOverage, requestOverage, startPlanTransition } from '../../shared/core/steps/overageSteps';
import { UpstreamHttpError } from '../../shared/core/faults/upstreamErrors';
import { answer, drive, OrchestrationDriver } from '../helpers/orchestrationDriver';
import { AGENT, CUSTOMER, NEW_SUB, overageItem, OverageModel, overageStubs, OverageStubs, refusal, SUB_A, TIMING, trail } from './overageStubs';

const START = '2031-02-03T10:00:00.000Z';
const ID = `enableOverage-${CUSTOMER}-PhoneServices-1`;

function input(request: Partial<EnablementInput['request']> = {}, timing = TIMING): EnablementInput {
    return {
        customerTenantId: CUSTOMER, service: 'PhoneServices', caller: AGENT, requestedAt: START, timing, viewers: ['1001'],
        request: { service: 'PhoneServices', azureEntitlementId: SUB_A, ...request },
    };
}

async function enable(request: Partial<EnablementInput['request']> = {}, model: Partial<OverageModel> = {}, timing = TIMING): Promise<{ run: OrchestrationDriver; s: OverageStubs }> {
    const s = overageStubs(model);
    const run = new OrchestrationDriver(enableOverageOrchestrator, { instanceId: ID, input: input(request, timing), startAt: START, steps: s.steps });
    await run.finish();
    return { run, s };
}

test('an existing subscription under the plan: overage set, shown by Partner Center, recorded; the run ends enabled', async () => {
    const { run, s } = await enable();
    expect(run.status).toBe('Completed');
    expect(run.output).toEqual({ result: 'enabled', azureEntitlementId: SUB_A, postpaidActive: true });
    expect(trail(s)).toEqual(['verify-caller ok', 'eligibility ok', 'ownership ok', 'preflight ok', 'credits ok', 'set-overage ok', 'record ok']);
    expect(s.audit.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.audit[0]).toMatchObject({ id: `${ID}:000`, runId: ID, customerTenantId: CUSTOMER, actor: { partnerId: '1001', upn: AGENT.upn }, viewers: ['1001'], at: START });
    expect(run.inputsOf(requestOverage)).toEqual([{ customerTenantId: CUSTOMER, caller: AGENT, azureEntitlementId: SUB_A, overageEnabled: true }]);
    expect(s.records).toEqual([{ customerTenantId: CUSTOMER, service: 'PhoneServices', partnerId: '1001', azureEntitlementId: SUB_A, overageEnabled: true, runId: ID, at: START, runStartedAt: START }]);
    expect(s.finished).toEqual([{ status: 'completed', outcome: run.output }]);
    expect(run.customStatus).toEqual({ step: 'done', result: 'enabled' });
    // nothing created, nothing transitioned
    expect(run.stepNames).not.toContain(createSubscription.name);
    expect(run.stepNames).not.toContain(startPlanTransition.name);
});

test('Partner Center shows the setting only after a few reads: the run reads again every poll interval, on durable timers', async () => {
    const { run } = await enable({}, { applyAfterReads: 4 });
    expect(run.output.result).toBe('enabled');
    const reads = run.calls.filter((c) => c.name === readOverage.name).map((c) => Date.parse(c.at) - Date.parse(START));
    expect(reads).toEqual([0, 5_000, 10_000, 15_000]);
    expect(run.statuses).toContainEqual({ step: 'set-overage', waitingFor: 'Partner Center to apply the overage setting' });
});

test('no Azure at all: a no-cost plan with "Subscription 1" is created through an alias named after the run, polled until it succeeds', async () => {
    const { run, s } = await enable({ azureEntitlementId: 'new' }, { azure: { kind: 'none', mcaAccepted: true, entitlements: [], transition: 'notStarted' }, aliasAcceptedReads: 2 });
    expect(run.output).toEqual({ result: 'enabled', azureEntitlementId: NEW_SUB, postpaidActive: true });
    expect(run.inputsOf(createSubscription)).toEqual([{ customerTenantId: CUSTOMER, caller: AGENT, aliasName: `overage-${ID}`, displayName: 'Subscription 1' }]);
    expect(run.inputsOf(readSubscription)).toHaveLength(3);
    expect(run.statuses).toContainEqual({ step: 'azure-subscription', waitingFor: 'the new Azure subscription "Subscription 1"' });
    expect(s.audit.find((e) => e.step === 'azure-subscription')).toMatchObject({ result: 'ok', detail: `Created Azure subscription "Subscription 1" (${NEW_SUB}).` });
    expect(run.inputsOf(requestOverage)[0].azureEntitlementId).toBe(NEW_SUB);
});

test('a plan without the asked subscription: a new one under the plan, named as asked', async () => {
    const { run } = await enable({ azureEntitlementId: 'new', subscriptionName: 'Teams overage' });
    expect(run.output.result).toBe('enabled');
    expect(run.inputsOf(createSubscription)[0].displayName).toBe('Teams overage');
});

test('the legacy Azure offer: the move to a plan is started and watched until done, then a new subscription is created under the plan', async () => {
    const { run, s } = await enable({ azureEntitlementId: 'new', subscriptionName: 'Teams overage' }, {
        azure: { kind: 'legacy', mcaAccepted: true, entitlements: [{ id: SUB_A, name: 'Legacy' }], transition: 'notStarted' }, transitionAfterReads: 3,
    });
    expect(run.output).toMatchObject({ result: 'enabled', azureEntitlementId: NEW_SUB });
    expect(run.stepNames.filter((n) => [startPlanTransition.name, readAzure.name, createSubscription.name].includes(n)))
        .toEqual(['readAzure', 'startPlanTransition', 'readAzure', 'readAzure', 'readAzure', 'readAzure', 'createSubscription']);
    expect(trail(s)).toEqual(expect.arrayContaining(['plan-transition waiting', 'plan-transition ok', 'azure-subscription ok']));
    expect(run.statuses).toContainEqual({ step: 'plan-transition', waitingFor: 'the move from the legacy Azure offer to an Azure plan' });
    expect(run.inputsOf(createSubscription)[0].displayName).toBe('Teams overage');
});

test('a plan transition that outlasts the poll timeout fails the run with operation-timeout', async () => {
    const timing = { ...TIMING, pollTimeoutMs: 60_000 };
    const { run, s } = await enable({ azureEntitlementId: 'new' }, {
        azure: { kind: 'legacy', mcaAccepted: true, entitlements: [], transition: 'notStarted' }, transitionAfterReads: Infinity,
    }, timing);
    expect(run.status).toBe('Failed');
    expect(run.output).toContain('operation-timeout');
    expect(s.finished).toEqual([{ status: 'failed', fault: { code: 'operation-timeout', detail: 'The Azure plan transition of Fabrikam did not finish within 1 min.', remedy: expect.any(String) } }]);
    expect(run.customStatus).toMatchObject({ step: 'failed', failedAt: 'plan-transition', error: { code: 'operation-timeout' } });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'plan-transition', result: 'failed' });
    // polled to the deadline, not beyond
    expect(run.now.getTime() - Date.parse(START)).toBeGreaterThanOrEqual(timing.pollTimeoutMs);
    expect(run.now.getTime() - Date.parse(START)).toBeLessThanOrEqual(timing.pollTimeoutMs + timing.pollIntervalMs);
});

test('Azure fails to create the subscription: the run fails with subscription-not-created, nothing set at Partner Center', async () => {
    const { run, s } = await enable({ azureEntitlementId: 'new' }, { aliasEnd: 'Failed' });
    expect(run.status).toBe('Failed');
    expect(s.finished[0]).toMatchObject({ status: 'failed', fault: { code: 'subscription-not-created' } });
    expect(run.stepNames).not.toContain(requestOverage.name);
});

test.each([
    ['verify-caller', { refuse: { verifyCaller: 'customer-not-found' } }, 'refused', 'customer-not-found'],
    ['eligibility', { refuse: { assessEligibility: 'not-eligible' } }, 'refused', 'not-eligible'],
    ['ownership', { refuse: { assessOwnership: 'owned-by-another-partner' } }, 'refused', 'owned-by-another-partner'],
] as const)('refused at %s: the run ends with the blocker and its remedy, having changed nothing', async (stepName, model, result, code) => {
    const { run, s } = await enable({}, model as Partial<OverageModel>);
    expect(run.output).toEqual({ result, blockers: [refusal(code).blocker], postpaidActive: false });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: stepName, result, detail: `${code}: refused: ${code}` });
    expect(run.stepNames).not.toContain(requestOverage.name);
    expect(s.finished).toEqual([{ status: 'completed', outcome: run.output }]);
    expect(run.customStatus).toEqual({ step: 'done', result });
});

test('preflight blockers a person must fix end the run blocked; with a refusal among them, refused', async () => {
    const gdap = refusal('gdap-missing').blocker;
    const location = refusal('location-policy-blocked').blocker;
    const blocked = await enable({}, { preflightBlockers: [gdap, location] });
    expect(blocked.run.output).toEqual({ result: 'blocked', blockers: [gdap, location], postpaidActive: false });
    expect(trail(blocked.s)).toEqual(['verify-caller ok', 'eligibility ok', 'ownership ok', 'preflight blocked']);
    const mixed = await enable({}, { preflightBlockers: [gdap, refusal('not-eligible').blocker] });
    expect(mixed.run.output.result).toBe('refused');
});

test('the plan rule refuses: legacy without the Customer Agreement is blocked, an unknown subscription refused', async () => {
    const legacy = await enable({ azureEntitlementId: 'new' }, { azure: { kind: 'legacy', mcaAccepted: false, entitlements: [], transition: 'notStarted' } });
    expect(legacy.run.output).toMatchObject({ result: 'blocked', blockers: [{ code: 'mca-not-accepted' }] });
    expect(legacy.s.audit[legacy.s.audit.length - 1]).toMatchObject({ step: 'azure-subscription', result: 'blocked' });
    expect(legacy.run.stepNames).not.toContain(startPlanTransition.name);
    const unknown = await enable({ azureEntitlementId: '30000000-0000-4000-8000-0000000000ff' });
    expect(unknown.run.output).toMatchObject({ result: 'refused', blockers: [{ code: 'entitlement-not-found' }] });
});

test('Partner Center refuses the request: refused at set-overage, nothing recorded', async () => {
    const { run, s } = await enable({}, { refuse: { requestOverage: 'owned-by-another-partner' } });
    expect(run.output).toMatchObject({ result: 'refused', blockers: [{ code: 'owned-by-another-partner' }] });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'set-overage', result: 'refused' });
    expect(run.stepNames).not.toContain(recordOverage.name);
});

test("Partner Center shows another partner's setting instead: waiting longer cannot help, the run is refused naming that partner", async () => {
    const { run } = await enable({}, { replacedBy: overageItem('1002', SUB_A), applyAfterReads: 1 });
    expect(run.output).toMatchObject({ result: 'refused', blockers: [{ code: 'owned-by-another-partner', detail: expect.stringContaining('partner 1002') }] });
    expect(run.inputsOf(readOverage)).toHaveLength(1);
});

test('another run recorded its setting first: refused, naming that run and partner', async () => {
    const { run, s } = await enable({}, { recordLostTo: { customerTenantId: CUSTOMER, service: 'PhoneServices', partnerId: '1002', azureEntitlementId: SUB_A, overageEnabled: true, runId: 'enableOverage-other', at: START } });
    expect(run.output).toMatchObject({ result: 'refused', blockers: [{ code: 'owned-by-another-partner', detail: 'Run enableOverage-other of partner 1002 recorded its setting first.' }] });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'record', result: 'refused' });
});

test('a Partner Center fault that outlasted its retries fails the run: final audit event, status and a fault without URLs', async () => {
    const s = overageStubs();
    s.steps.push(answer(requestOverage, () => { throw new UpstreamHttpError({ upstream: 'partner-center', method: 'PUT', url: 'https://api.partnercenter.microsoft.com/v1/customers/x/subscriptions/overage', attempts: 4 }, 500, '', undefined); }));
    const run = await drive(enableOverageOrchestrator, { instanceId: ID, input: input(), startAt: START, steps: s.steps });
    expect(run.status).toBe('Failed');
    expect(run.customStatus).toMatchObject({ step: 'failed', failedAt: 'set-overage', error: { code: 'upstream-unavailable', detail: expect.stringContaining('Partner Center') } });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'set-overage', result: 'failed', detail: expect.stringContaining('upstream-unavailable') });
    expect(s.finished).toEqual([{ status: 'failed', fault: expect.objectContaining({ code: 'upstream-unavailable' }) }]);
    expect(JSON.stringify([run.output, run.customStatus, s.finished])).not.toMatch(/https?:|\/v1\//);
});

const RECHARGE = { balance: 0, currency: 'EUR', autoRecharge: { enabled: true, threshold: 5, amount: 25 } };

test('auto-recharge on: overage is set anyway, the admin is mailed once, and the run warns with the remedy', async () => {
    const { run, s } = await enable({}, { credits: { ...RECHARGE, balance: 10 } });
    expect(run.output).toMatchObject({ result: 'enabled', postpaidActive: false });
    expect(run.output.warnings.map((w: { code: string }) => w.code)).toEqual(['auto-recharge-on', 'credits-drain-first']);
    expect(run.output.warnings[0].remedy).toContain('turn off auto-recharge');
    expect(run.inputsOf(notifyAutoRecharge)).toEqual([expect.objectContaining({ runId: ID, to: 'it@fabrikam.example', partnerName: 'Contoso Telecom', waiting: false })]);
    expect(trail(s)).toContain('credits info');
    // a customer without an admin contact is not mailed
    const silent = await enable({}, { credits: RECHARGE, customer: { tenantId: CUSTOMER, name: 'Fabrikam', country: 'DE', adminContact: null } });
    expect(silent.run.stepNames).not.toContain(notifyAutoRecharge.name);
});

test('waitForAutoRechargeOff: overage is on at once, then the run reads the credits every poll until the customer turns auto-recharge off', async () => {
    const s = overageStubs({ credits: RECHARGE });
    const run = await drive(enableOverageOrchestrator, { instanceId: ID, input: input({ waitForAutoRechargeOff: true }), startAt: START, steps: s.steps });
    const until = new Date(Date.parse(START) + TIMING.autoRechargeWaitMs).toISOString();
    expect(run.customStatus).toEqual({ step: 'auto-recharge-wait', waitingFor: 'the customer to turn off Communications Credits auto-recharge', until });
    expect(s.records).toHaveLength(1); // no gap: recorded before the wait
    expect(run.inputsOf(notifyAutoRecharge)[0].waiting).toBe(true);
    await run.advance(2 * TIMING.autoRechargePollMs);
    expect(run.status).toBe('Running');
    s.model.credits = { ...RECHARGE, autoRecharge: null };
    await run.advance(TIMING.autoRechargePollMs);
    expect(run.output).toEqual({ result: 'enabled', azureEntitlementId: SUB_A, postpaidActive: true });
    expect(s.audit.slice(-2).map((e) => [e.step, e.result, e.detail])).toEqual([
        ['auto-recharge-wait', 'waiting', `Overage is on; waiting until ${until} for the customer to turn off Communications Credits auto-recharge.`],
        ['auto-recharge-wait', 'ok', 'The customer turned off auto-recharge.'],
    ]);
});

test('waitForAutoRechargeOff: a wait that runs out ends enabled, with auto-recharge as a warning', async () => {
    const timing = { ...TIMING, autoRechargeWaitMs: 86_400_000 };
    const { run, s } = await enable({ waitForAutoRechargeOff: true }, { credits: RECHARGE }, timing);
    expect(run.output).toMatchObject({ result: 'enabled', postpaidActive: false, warnings: [expect.objectContaining({ code: 'auto-recharge-on' })] });
    expect(s.audit[s.audit.length - 1]).toMatchObject({ step: 'auto-recharge-wait', result: 'info', detail: 'The wait for auto-recharge to be turned off ran out.' });
    expect(run.now.getTime() - Date.parse(START)).toBeGreaterThanOrEqual(timing.autoRechargeWaitMs);
});

test("an indirect provider acting for its reseller creates and sets in the reseller's name", async () => {
    const { run } = await enable({ azureEntitlementId: 'new', resellerPartnerId: '3001' }, { actingForPartnerId: '3001', partner: { id: '2001', name: 'Tailspin', kind: 'indirectProvider', providerId: null, sandbox: false, sandboxAzurePlanAccess: false } });
    expect(run.output.result).toBe('enabled');
    expect(run.inputsOf(createSubscription)[0].resellerId).toBe('3001');
    expect(run.inputsOf(requestOverage)[0].resellerId).toBe('3001');
});
