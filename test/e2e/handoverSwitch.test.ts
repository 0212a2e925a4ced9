// The handover's refusals at the start, and its switch when things go wrong:
// Partner Center faults after the approvals, partners this deployment does
// not serve (mailed instructions, Partner Center polled), a new partner whose
// assignment finally fails (failed-after-none, said loudly), and requests
// arriving on the Service Bus queue.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { Contacts, handoverClient } from '../helpers/handovers';

let h: AppHost;
let c: ReturnType<typeof handoverClient>;
const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment; Litware (1002) also sells an overage SKU there
const SUB_7 = '30000000-0000-4000-8000-000000000007';
const SUB_8 = '30000000-0000-4000-8000-000000000008';
const CONTOSO = 'ops@contoso-telecom.example';
const LITWARE = 'csp@litware-voice.example';
const CUSTOMER = 'it@lucerne-publishing.example';
const TO_LITWARE: Contacts = { currentPartner: CONTOSO, newPartner: LITWARE, customer: CUSTOMER };
const TO_CONTOSO: Contacts = { currentPartner: LITWARE, newPartner: CONTOSO, customer: CUSTOMER };
const OVERAGE_PATH = '^/v1/customers/[^/]+/subscriptions/overage$';
let served: string | undefined;
const restoreServed = () => {
    if (served === undefined) delete process.env.SERVED_PARTNERS;
    else process.env.SERVED_PARTNERS = served;
};

beforeAll(async () => {
    process.env.HANDOVER_SWITCH_RETRY_MS = '100';
    h = await startAppHost();
    c = handoverClient(h);
    served = process.env.SERVED_PARTNERS;
});
afterAll(async () => {
    delete process.env.HANDOVER_SWITCH_RETRY_MS;
    delete process.env.HANDOVER_SWITCH_ATTEMPTS;
    restoreServed();
    await h.stop();
});
afterEach(async () => {
    await h.call('DELETE', '/simulator/faults');
    restoreServed();
});

const approveAll = async (id: string, contacts: Contacts) => {
    const links = await c.links(id, contacts);
    for (const party of ['currentPartner', 'newPartner', 'customer'] as const) expect((await c.answer(links[party], 'approve')).status).toBeLessThan(300);
};

test('refusals before anything is mailed: bad body, no token, wrong role, unknown customer, no owner, same partner, not eligible, an open handover', async () => {
    const post = (body: unknown, agent: Parameters<typeof h.as>[0] = 'contosoAdmin', customer: string = LUCERNE) => h.as(agent)('POST', `/api/customers/${customer}/overage/handovers`, body);
    const expectProblem = (res: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
        expect([res.status, res.json.code]).toEqual([status, code]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.json.remedy).toEqual(expect.any(String));
    };
    const ok = { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 };
    expectProblem(await post({ ...ok, expiresInDays: 31 }), 400, 'invalid-request');
    expectProblem(await post({ ...ok, azureEntitlementId: 'nope' }), 400, 'invalid-request');
    expectProblem(await post({ ...ok, extra: true }), 400, 'invalid-request');
    const anonymous = await h.call('POST', `/api/customers/${LUCERNE}/overage/handovers`, ok);
    expect(anonymous.status).toBe(401);
    expectProblem(await post(ok, 'contosoSales'), 403, 'role-not-permitted');
    expectProblem(await post(ok, 'contosoAdmin', '10000000-0000-4000-8000-0000000000ff'), 404, 'customer-not-found');
    expectProblem(await post(ok, 'contosoAdmin', CUSTOMERS.coho), 409, 'no-current-owner');
    expectProblem(await post({ ...ok, toPartnerId: '1001' }), 409, 'same-partner');
    expectProblem(await post(ok, 'contosoAdmin', CUSTOMERS.fabrikam), 409, 'not-eligible');
    // a partner this deployment does not serve: its contact must be given
    process.env.SERVED_PARTNERS = '{}';
    expectProblem(await post(ok), 400, 'contact-required');
    restoreServed();

    const first = await post(ok);
    expect(first.status).toBe(202);
    const again = await post({ ...ok, azureEntitlementId: 'new' }, 'litwareAdmin');
    expectProblem(again, 409, 'handover-open');
    expect(again.json.handoverId).toBe(first.json.id);
    // an enablement cannot interleave with an open handover either
    const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
    expect([enable.status, enable.json.code]).toEqual([409, 'run-in-progress']);
    // nor can the run be ended behind the parties' backs
    const asRun = await h.as('contosoAdmin')('DELETE', `/api/customers/${LUCERNE}/overage/runs/${first.json.id}`);
    expect([asRun.status, asRun.json.code]).toEqual([409, 'use-handover-cancel']);
    expect((await h.as('contosoAdmin')('DELETE', new URL(first.headers.get('location')!).pathname)).status).toBe(200);
    await c.ended(first.headers.get('location')!);
});

test('Partner Center faults after the approvals are retried: the switch completes with one owner, None written first', async () => {
    const since = await c.logSeq();
    const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 });
    expect(res.status).toBe(202);
    await h.call('POST', '/simulator/faults', { faults: [{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status500', times: 6 }] });
    await approveAll(res.json.id, TO_LITWARE);
    const done = await c.ended(res.headers.get('location')!, 'contosoAdmin', 60_000);
    expect(done.status).toBe('completed');
    expect(done.steps.some((s: any) => /Attempt 1 of 5 failed/.test(s.detail))).toBe(true);
    expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true });
    expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
}, 90_000);

test('a current partner this deployment does not serve is mailed what to do; the run waits until Partner Center shows None', async () => {
    process.env.SERVED_PARTNERS = '{}'; // only the caller's own partner (Contoso, the new partner here)
    const res = await c.ask(LUCERNE, { toPartnerId: '1001', azureEntitlementId: SUB_7, contacts: { currentPartner: LITWARE } });
    expect(res.status).toBe(202);
    expect(res.json.parties.currentPartner).toMatchObject({ partnerId: '1002', served: false });
    await approveAll(res.json.id, TO_CONTOSO);
    const instructions = await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|set.*none/i);
    expect(instructions[LITWARE].text).toContain(LUCERNE);
    expect(instructions[LITWARE].text).toMatch(/None/);
    const waiting = await c.read(res.headers.get('location')!);
    expect(waiting.status).toBe('switching');
    // Litware sets None itself, in its own tools
    expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: null, overageEnabled: false })).status).toBeLessThan(300);
    const done = await c.ended(res.headers.get('location')!);
    expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_7 });
    expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1001', azureEntitlementId: SUB_7, overageEnabled: true });
});

test('a new partner this deployment does not serve is mailed what to assign; the run completes once Partner Center shows it', async () => {
    process.env.SERVED_PARTNERS = '{}';
    const since = await c.logSeq();
    const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts: { newPartner: LITWARE } });
    expect(res.status).toBe(202);
    await approveAll(res.json.id, TO_LITWARE);
    const instructions = await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|assign/i);
    expect(instructions[LITWARE].text).toContain(SUB_8);
    await c.until(res.headers.get('location')!, (x) => x.noneSetAt !== undefined);
    expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1001', overageEnabled: false });
    expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: SUB_8, overageEnabled: true })).status).toBeLessThan(300);
    const done = await c.ended(res.headers.get('location')!);
    expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_8 });
    expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
});

test('when the new partner\'s assignment finally fails after None, the handover says so loudly and the remedy works', async () => {
    process.env.SERVED_PARTNERS = '{}';
    process.env.HANDOVER_SWITCH_ATTEMPTS = '2';
    const res = await c.ask(LUCERNE, { toPartnerId: '1001', azureEntitlementId: SUB_7, contacts: { currentPartner: LITWARE } });
    expect(res.status).toBe(202);
    await approveAll(res.json.id, TO_CONTOSO);
    await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|none/i);
    // Litware sets None; then Partner Center fails every write of Contoso's
    expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: null, overageEnabled: false })).status).toBeLessThan(300);
    await h.call('POST', '/simulator/faults', { faults: [{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status500' }] });
    const done = await c.ended(res.headers.get('location')!, 'contosoAdmin', 60_000);
    expect(done.status).toBe('failed-after-none');
    expect(done.outcome.remedy).toContain('/overage/enablements');
    const loud = await c.mailsSince(done.outcome.at, [CONTOSO, LITWARE], /./);
    expect(loud[CONTOSO].subject).toMatch(/urgent|action/i);
    expect(loud[CONTOSO].text).toContain(SUB_7);
    expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', overageEnabled: false });

    // the remedy: Contoso switches overage on itself
    await h.call('DELETE', '/simulator/faults');
    const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
    expect(enable.status).toBe(202);
    expect(await h.finish(enable.headers.get('location')!)).toMatchObject({ result: 'enabled' });
    delete process.env.HANDOVER_SWITCH_ATTEMPTS;
}, 90_000);

test('handover requests on the Service Bus queue start like the POST; those that can never succeed are rejected with their reason', async () => {
    const send = (body: unknown, props: Record<string, string>) => h.call('POST', '/admin/queues/overage-handover-requests/messages', { body, applicationProperties: props }, { 'x-functions-key': h.host.systemKey });
    const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };
    expect((await send({ customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, contoso)).status).toBeLessThan(300);
    expect((await send({ customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: SUB_8 }, contoso)).status).toBeLessThan(300);
    const open = await c.poll('the queued handover', async () => {
        const items = (await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items;
        return items.find((x: any) => x.status === 'awaiting-approvals' && x.toPartnerId === '1002');
    });
    const rejected = await c.poll('the rejected request', async () => {
        const list = await h.call('GET', '/admin/queues/overage-handover-requests-rejected', undefined, { 'x-functions-key': h.host.systemKey });
        return list.json.active > 0 ? list.json : undefined;
    });
    expect(rejected.active).toBe(1);
    const kept = await h.host.queues.receive('overage-handover-requests-rejected');
    expect(kept?.body).toMatchObject({ deadLetterReason: 'same-partner', originalBody: { toPartnerId: '1001' } });
    expect((await h.as('contosoAdmin')('DELETE', new URL(open.links.self).pathname)).status).toBe(200);
    await c.ended(open.links.self);
});
