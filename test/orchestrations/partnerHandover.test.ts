// partnerHandover's branches, run by the orchestration driver against stubbed
// steps (no host): the three answers arrive as raised signals, the reminder
// and the deadline are durable timers fired by moving the virtual clock, and
// the switch after the approvals runs in its one safe order, trying a failed
// step again on a timer, mailing a partner the deployment does not serve, and
// saying loudly when it fails after None.
import { partnerHandoverOrchestrator } from '../../orchestrations/partnerHandover/partnerHandover';
import type { HandoverParty } from '../../shared/core/domain/rules/handover';
import { StepFault } from '../../shared/core/faults/stepFault';
import { HANDOVER_SIGNAL, HandoverInput, StoredHandover } from '../../shared/core/handover/handoverSchemas';
import { saveHandover, sendHandoverMail } from '../../shared/core/steps/handoverSteps';
import { readOverage, recordOverage, requestOverage, checkPreflight, verifyCaller } from '../../shared/core/steps/overageSteps';
import { answer, OrchestrationDriver } from '../helpers/orchestrationDriver';
import { AGENT, CUSTOMER, overageItem, OverageModel, overageStubs, OverageStubs, refusal, SUB_A, TIMING, trail } from './overageStubs';

const START = '2032-02-28T12:00:00.000Z';
const DAY = 86_400_000;
const ID = `partnerHandover-${CUSTOMER}-PhoneServices-1`;
const SUB_B = '30000000-0000-4000-8000-0000000000b8';
const LITWARE_AGENT = { partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent' as const] };
const CONTACTS = { currentPartner: 'ops@contoso-telecom.example', newPartner: 'csp@litware-voice.example', customer: 'it@fabrikam.example' };
const ALL: HandoverParty[] = ['currentPartner', 'newPartner', 'customer'];
const SWITCH = { dayMs: DAY, switchAttempts: 3, switchRetryMs: 300_000 };

function input(o: { a?: 'served' | 'unserved'; b?: 'served' | 'unserved'; expiresInDays?: number; azureEntitlementId?: string; pollIntervalMs?: number } = {}): HandoverInput {
    return {
        customerTenantId: CUSTOMER, service: 'PhoneServices', caller: AGENT, requestedAt: START, viewers: ['1001', '1002'],
        timing: { ...TIMING, pollTimeoutMs: 60_000, pollIntervalMs: o.pollIntervalMs ?? TIMING.pollIntervalMs },
        request: { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: o.azureEntitlementId ?? SUB_B, ...(o.expiresInDays ? { expiresInDays: o.expiresInDays } : {}) },
        parties: {
            currentPartner: { partnerId: '1001', name: 'Contoso Telecom', contact: CONTACTS.currentPartner, caller: o.a === 'unserved' ? null : AGENT },
            newPartner: { partnerId: '1002', name: 'Litware Voice', contact: CONTACTS.newPartner, caller: o.b === 'unserved' ? null : LITWARE_AGENT },
            customer: { tenantId: CUSTOMER, name: 'Fabrikam', contact: CONTACTS.customer },
        },
        handoverTiming: SWITCH, publicUrl: 'https://overage.contoso.example',
    };
}

interface Handover {
    run: OrchestrationDriver;
    s: OverageStubs;
    saved: StoredHandover[];
    mails: Array<{ kind: string; to: HandoverParty[]; note?: string; status: string }>;
    /** The latest document. */
    doc(): StoredHandover;
    answer(party: HandoverParty, decision: 'approve' | 'decline', extra?: { reason?: string; handoverId?: string }): Promise<unknown>;
}

async function handover(o: Parameters<typeof input>[0] = {}, model: Partial<OverageModel> = {}): Promise<Handover> {
    const s = overageStubs({ overage: overageItem('1001', SUB_A), azure: { kind: 'plan', mcaAccepted: true, entitlements: [{ id: SUB_A, name: 'A' }, { id: SUB_B, name: 'B' }], transition: 'notStarted' }, ...model });
    const saved: StoredHandover[] = [];
    const mails: Handover['mails'] = [];
    s.steps.push(
        answer(saveHandover, (record) => { saved.push(record); return { saved: true }; }),
        answer(sendHandoverMail, ({ kind, to, note, handover }) => { mails.push({ kind, to, ...(note ? { note } : {}), status: handover.status }); return { sent: to }; }),
    );
    const run = await new OrchestrationDriver(partnerHandoverOrchestrator, { instanceId: ID, input: input(o), startAt: START, steps: s.steps }).start();
    return {
        run, s, saved, mails,
        doc: () => saved[saved.length - 1],
        answer: (party, decision, extra = {}) => run.raise(HANDOVER_SIGNAL, { kind: 'decision', party, decision, at: run.now.toISOString(), by: CONTACTS[party], handoverId: extra.handoverId ?? ID, ...(extra.reason ? { reason: extra.reason } : {}) }),
    };
}

const approveAll = async (h: Handover, order: HandoverParty[] = ALL) => {
    for (const p of order) await h.answer(p, 'approve');
};

test('the request is saved, audited and mailed to all three; the run waits for their answers until the deadline', async () => {
    const h = await handover();
    expect(h.saved).toHaveLength(1);
    expect(h.doc()).toMatchObject({ id: ID, version: 1, status: 'awaiting-approvals', state: { expiresAt: '2032-03-13T12:00:00.000Z' }, viewers: ['1001', '1002'] });
    expect(h.mails).toEqual([{ kind: 'invite', to: ALL, status: 'awaiting-approvals' }]);
    expect(trail(h.s)).toEqual(['request ok']);
    expect(h.s.audit[0].detail).toBe(`${AGENT.upn} asks to move overage for PhoneServices from Contoso Telecom to Litware Voice; answers are due by 2032-03-13T12:00:00.000Z.`);
    expect(h.run.customStatus).toEqual({ step: 'approvals', waitingFor: 'answers from the current partner, the new partner, the customer', until: '2032-03-13T12:00:00.000Z' });
    // the reminder's timer: half-time
    expect(h.run.pendingTimers).toEqual(['2032-03-06T12:00:00.000Z']);
});

test.each([
    [['currentPartner', 'newPartner', 'customer']], [['currentPartner', 'customer', 'newPartner']], [['newPartner', 'currentPartner', 'customer']],
    [['newPartner', 'customer', 'currentPartner']], [['customer', 'currentPartner', 'newPartner']], [['customer', 'newPartner', 'currentPartner']],
] as Array<[HandoverParty[]]>)('approved in the order %j: B is made ready, A sets None and Partner Center shows it, then B assigns; recorded both ways', async (order) => {
    const h = await handover();
    await h.answer(order[0], 'approve');
    expect(h.run.customStatus.waitingFor).toBe(`answers from ${ALL.filter((p) => p !== order[0]).map((p) => ({ currentPartner: 'the current partner', newPartner: 'the new partner', customer: 'the customer' })[p]).join(', ')}`);
    await approveAll(h, order.slice(1));
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'completed', azureEntitlementId: SUB_B });
    // the only safe order: None by A before B's assignment, B's side checked before anything changed
    expect(h.run.inputsOf(requestOverage).map((r) => [r.caller.partnerId, r.azureEntitlementId, r.overageEnabled])).toEqual([['1001', null, false], ['1002', SUB_B, true]]);
    const names = h.run.stepNames;
    expect(names.indexOf(checkPreflight.name)).toBeLessThan(names.indexOf(requestOverage.name));
    expect(h.run.inputsOf(verifyCaller)).toEqual([{ customerTenantId: CUSTOMER, caller: LITWARE_AGENT }]);
    expect(h.s.records.map((r) => [r.partnerId, r.overageEnabled, r.azureEntitlementId])).toEqual([['1001', false, null], ['1002', true, SUB_B]]);
    expect(h.s.model.overage).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_B, overageEnabled: true });
    expect(h.saved.map((d) => d.status)).toEqual(['awaiting-approvals', 'awaiting-approvals', 'awaiting-approvals', 'awaiting-approvals', 'switching', 'switching', 'completed']);
    expect(h.doc()).toMatchObject({ status: 'completed', azureEntitlementId: SUB_B, state: { status: 'completed' }, outcome: { detail: `Overage for PhoneServices goes to Litware Voice's Azure subscription ${SUB_B}.` } });
    expect(h.saved.map((d) => d.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.mails.map((m) => m.kind)).toEqual(['invite', 'completed']);
    expect(trail(h.s)).toEqual(expect.arrayContaining(['approvals ok', 'set-none ok', 'set-overage ok', 'record ok']));
    expect(h.s.finished).toEqual([{ status: 'completed', outcome: h.run.output }]);
});

test('a decline ends the handover declined (who, why), mails all three, and nothing changes at Partner Center', async () => {
    const h = await handover();
    await h.answer('currentPartner', 'approve');
    await h.answer('customer', 'decline', { reason: 'We stay with our partner.' });
    expect(h.run.output).toEqual({ result: 'declined' });
    expect(h.doc()).toMatchObject({ status: 'declined', state: { decisions: { customer: { decision: 'declined', by: CONTACTS.customer, reason: 'We stay with our partner.' } } } });
    expect(h.doc().outcome!.detail).toContain('We stay with our partner.');
    expect(h.doc().outcome!.remedy).toBe('Nothing changed at Partner Center. Start a new handover request if the parties agree later.');
    expect(h.mails.map((m) => [m.kind, m.to])).toEqual([['invite', ALL], ['declined', ALL]]);
    expect(h.s.audit[h.s.audit.length - 1]).toMatchObject({ step: 'approvals', result: 'refused' });
    expect(h.run.stepNames).not.toContain(requestOverage.name);
    expect(h.run.pendingTimers).toEqual([]);
});

test('unanswered: the silent parties are reminded at half-time, then the request expires at its deadline and all three are told', async () => {
    const h = await handover({ expiresInDays: 2 });
    await h.run.advance(3_600_000);
    await h.answer('newPartner', 'approve');
    await h.run.advance(DAY - 3_600_000 - 1);
    expect(h.mails.map((m) => m.kind)).toEqual(['invite']);
    await h.run.advance(1);
    expect(h.mails[1]).toEqual({ kind: 'reminder', to: ['currentPartner', 'customer'], status: 'awaiting-approvals' });
    expect(h.doc().reminders).toEqual([{ at: '2032-02-29T12:00:00.000Z', parties: ['currentPartner', 'customer'] }]);
    expect(h.s.audit[h.s.audit.length - 1]).toMatchObject({ step: 'reminder', result: 'info', detail: 'Reminded the current partner, the customer; the request expires at 2032-03-01T12:00:00.000Z.' });
    await h.run.advance(DAY - 1);
    expect(h.run.status).toBe('Running');
    await h.run.advance(1);
    expect(h.run.output).toEqual({ result: 'expired' });
    expect(h.doc()).toMatchObject({ status: 'expired', state: { status: 'expired' } });
    expect(h.doc().outcome!.detail).toBe('The request expired at 2032-03-01T12:00:00.000Z without all three answers (still missing: the current partner, the customer).');
    expect(h.mails.map((m) => m.kind)).toEqual(['invite', 'reminder', 'expired']);
    expect(h.run.stepNames).not.toContain(requestOverage.name);
});

test('the requester cancels: the handover ends cancelled, saying who and when, and all three are told', async () => {
    const h = await handover();
    await h.answer('customer', 'approve');
    await h.run.raise(HANDOVER_SIGNAL, { kind: 'cancel', at: '2032-02-28T13:00:00.000Z', by: AGENT.upn });
    expect(h.run.output).toEqual({ result: 'cancelled' });
    expect(h.doc()).toMatchObject({ status: 'cancelled', cancelled: { at: '2032-02-28T13:00:00.000Z', by: AGENT.upn }, outcome: { detail: `${AGENT.upn} cancelled the request on 2032-02-28T13:00:00.000Z.` } });
    expect(h.mails.map((m) => m.kind)).toEqual(['invite', 'cancelled']);
    expect(h.s.audit[h.s.audit.length - 1]).toMatchObject({ step: 'approvals', result: 'cancelled' });
});

test('a signal that is no answer, an answer for another handover and a repeated answer are audited and change nothing', async () => {
    const h = await handover();
    await h.answer('customer', 'approve');
    await h.run.raise(HANDOVER_SIGNAL, { kind: 'decision', party: 'customer' });
    await h.answer('newPartner', 'approve', { handoverId: 'partnerHandover-other' });
    await h.answer('customer', 'decline');
    expect(h.s.audit.slice(-3).map((e) => [e.result, e.detail])).toEqual([
        ['info', 'Ignored a signal that is not an answer or a cancel.'],
        ['refused', `Refused an answer from ${CONTACTS.newPartner} issued for another handover (partnerHandover-other).`],
        ['info', expect.stringMatching(new RegExp(`^Ignored decline from ${CONTACTS.customer} for the customer: `))],
    ]);
    expect(h.doc().state.decisions).toMatchObject({ customer: { decision: 'approved' }, newPartner: null, currentPartner: null });
    expect(h.run.status).toBe('Running');
    // each round waits on a fresh timer for the same reminder time
    expect(h.run.pendingTimers).toEqual(['2032-03-06T12:00:00.000Z']);
});

test('after the approvals a failing step is tried again on a durable timer, and the switch completes', async () => {
    const h = await handover();
    let puts = 0;
    h.run.stub(answer(requestOverage, ({ caller, azureEntitlementId, overageEnabled }) => {
        if (++puts <= 2) throw new StepFault({ code: 'upstream-unavailable', detail: 'Partner Center failed to answer (HTTP 503, 4 attempts).', remedy: 'Try again later.' });
        h.s.model.overage = overageItem(caller.partnerId, azureEntitlementId, overageEnabled);
        return { ok: true };
    }));
    await approveAll(h);
    const retries = h.s.audit.filter((e) => e.step === 'set-none' && e.result === 'info').map((e) => e.detail);
    expect(retries).toEqual([
        'Attempt 1 of 3 failed (upstream-unavailable: Partner Center failed to answer (HTTP 503, 4 attempts).); trying again in 300 s.',
    ]);
    expect(h.run.pendingTimers).toEqual(['2032-02-28T12:05:00.000Z']);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'completed', azureEntitlementId: SUB_B });
    const tries = h.run.calls.filter((c) => c.name === requestOverage.name).map((c) => c.at);
    expect(tries).toEqual(['2032-02-28T12:00:00.000Z', '2032-02-28T12:05:00.000Z', '2032-02-28T12:10:00.000Z', '2032-02-28T12:10:00.000Z']);
});

test("A's None fails every attempt: the handover fails with nothing changed, and both partners are told what to do", async () => {
    const h = await handover({}, { refuse: { requestOverage: 'owned-by-another-partner' }, refuseOnlyFor: '1001' });
    await approveAll(h);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'failed' });
    expect(h.run.inputsOf(requestOverage)).toHaveLength(SWITCH.switchAttempts);
    expect(h.doc()).toMatchObject({ status: 'failed', outcome: { detail: expect.stringMatching(/^Contoso Telecom's overage could not be set to None, so nothing was changed: /), remedy: expect.any(String) } });
    expect(h.mails[h.mails.length - 1]).toMatchObject({ kind: 'failed', to: ['currentPartner', 'newPartner'], note: expect.stringContaining('What to do: ') });
    expect(h.s.records).toEqual([]);
    expect(h.s.model.overage).toMatchObject({ partnerId: '1001', overageEnabled: true });
});

test("B's side cannot be made ready: blocked before anything changed, with the blockers and their remedies mailed to all", async () => {
    const h = await handover({}, { preflightBlockers: [refusal('gdap-missing').blocker] });
    await approveAll(h);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'blocked' });
    expect(h.run.stepNames).not.toContain(requestOverage.name);
    expect(h.doc()).toMatchObject({ status: 'blocked', outcome: { detail: "Litware Voice cannot assign its subscription yet, so nothing was changed: refused: gdap-missing", remedy: 'What to do about gdap-missing.' } });
    expect(h.mails[h.mails.length - 1]).toMatchObject({ kind: 'blocked', to: ALL });
    expect(trail(h.s)).toEqual(expect.arrayContaining(['preflight blocked', 'end blocked']));
});

test("B's assignment fails after A set None: failed-after-none, said loudly with the remedy, and A's None is recorded", async () => {
    const h = await handover({}, { refuse: { requestOverage: 'owned-by-another-partner' }, refuseOnlyFor: '1002' });
    await approveAll(h);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'failed-after-none' });
    expect(h.doc().status).toBe('failed-after-none');
    expect(h.doc().state.noneSetAt).toEqual(expect.any(String));
    expect(h.doc().outcome!.detail).toContain('Until Litware Voice assigns a subscription, calls of Fabrikam beyond the included minutes are refused.');
    expect(h.doc().outcome!.remedy).toBe(`Litware Voice: assign ${SUB_B} as the overage subscription for PhoneServices in Partner Center, or enable overage for this customer in this app.`);
    expect(h.s.records.map((r) => [r.partnerId, r.overageEnabled])).toEqual([['1001', false]]);
    expect(h.mails[h.mails.length - 1]).toMatchObject({ kind: 'failed-after-none', to: ['currentPartner', 'newPartner'] });
});

test('a current partner this deployment does not serve is mailed what to do, and the run waits until Partner Center shows None', async () => {
    const h = await handover({ a: 'unserved' });
    await approveAll(h);
    expect(h.mails[h.mails.length - 1]).toMatchObject({ kind: 'instructions-none', to: ['currentPartner'] });
    expect(h.s.audit[h.s.audit.length - 1]).toMatchObject({ step: 'set-none', result: 'waiting', detail: expect.stringContaining(`mailed ${CONTACTS.currentPartner} what to do in Partner Center`) });
    // read with B's agent: A has none here
    expect(h.run.inputsOf(readOverage).every((r) => r.caller.partnerId === '1002')).toBe(true);
    await h.run.advance(12 * TIMING.pollIntervalMs);
    expect(h.run.status).toBe('Running');
    h.s.model.overage = overageItem('1001', null, false);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'completed', azureEntitlementId: SUB_B });
    expect(h.run.inputsOf(requestOverage).map((r) => r.caller.partnerId)).toEqual(['1002']);
});

test('a new partner this deployment does not serve is mailed what to assign; the run completes once Partner Center shows it, with its subscription', async () => {
    const h = await handover({ b: 'unserved' });
    await approveAll(h);
    expect(h.mails[h.mails.length - 1]).toMatchObject({ kind: 'instructions-assign', to: ['newPartner'] });
    h.s.model.overage = overageItem('1002', SUB_B);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'completed', azureEntitlementId: SUB_B });
    expect(h.run.stepNames).not.toContain(verifyCaller.name);
    expect(h.s.records.map((r) => r.partnerId)).toEqual(['1001', '1002']);
});

test('a partner that never acts: partner-action-missing once the deadline passed', async () => {
    // polled hourly here: a day of polls every 5 s would be 17,280 replays
    const h = await handover({ a: 'unserved', expiresInDays: 1, pollIntervalMs: 3_600_000 });
    await approveAll(h);
    await h.run.finish();
    expect(h.run.output).toEqual({ result: 'failed' });
    expect(h.doc().outcome).toMatchObject({ detail: expect.stringContaining("Partner Center did not show Contoso Telecom's change in time."), remedy: 'Contoso Telecom makes the change in Partner Center (see the mailed instructions).' });
    // it waited up to the handover's deadline
    expect(h.run.now.getTime()).toBeGreaterThanOrEqual(Date.parse('2032-02-29T12:00:00.000Z'));
});

test("another run recorded a setting meanwhile: Partner Center's is B's, so the switch completes and says so", async () => {
    const h = await handover({}, { recordLostTo: { customerTenantId: CUSTOMER, service: 'PhoneServices', partnerId: '1001', azureEntitlementId: SUB_A, overageEnabled: true, runId: 'enableOverage-late', at: START } });
    await approveAll(h);
    await h.run.finish();
    expect(h.run.output.result).toBe('completed');
    expect(h.s.audit.find((e) => e.step === 'record' && e.result === 'info')!.detail).toBe("Run enableOverage-late of partner 1001 recorded a setting meanwhile; Partner Center shows Litware Voice's.");
    expect(h.run.stepNames.filter((n) => n === recordOverage.name)).toHaveLength(2);
});

test('a fault before the answers fails the run, and the handover shows it failed', async () => {
    const broken = await (async () => {
        const s = overageStubs({ overage: overageItem('1001', SUB_A) });
        const saved: StoredHandover[] = [];
        s.steps.push(
            answer(saveHandover, (record) => { saved.push(record); return { saved: true }; }),
            answer(sendHandoverMail, () => { throw new StepFault({ code: 'mail-failed', detail: 'The mail server refused the message.', remedy: 'Check the mail settings.' }); }),
        );
        const run = await new OrchestrationDriver(partnerHandoverOrchestrator, { instanceId: ID, input: input(), startAt: START, steps: s.steps }).finish();
        return { run, s, saved };
    })();
    expect(broken.run.status).toBe('Failed');
    expect(broken.saved[broken.saved.length - 1]).toMatchObject({ status: 'failed', outcome: { detail: 'The mail server refused the message.', remedy: 'Check the mail settings.' } });
    expect(broken.s.finished).toEqual([{ status: 'failed', fault: { code: 'mail-failed', detail: 'The mail server refused the message.', remedy: 'Check the mail settings.' } }]);
    expect(broken.run.customStatus).toMatchObject({ step: 'failed', failedAt: 'invitations' });
});
