// Partner handovers end to end through the local host: the three mails read
// from the simulator's mailbox, their links followed as a person would, and
// the result checked at the simulator's Partner Center, whose write log keeps
// the order of the two changes.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { Contacts, handoverClient, Party } from '../helpers/handovers';

let h: AppHost;
let c: ReturnType<typeof handoverClient>;
const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment; Litware (1002) also sells an overage SKU there
const SUB_7 = '30000000-0000-4000-8000-000000000007';
const SUB_8 = '30000000-0000-4000-8000-000000000008';
const TO_LITWARE: Contacts = { currentPartner: 'ops@contoso-telecom.example', newPartner: 'csp@litware-voice.example', customer: 'it@lucerne-publishing.example' };
const TO_CONTOSO: Contacts = { currentPartner: TO_LITWARE.newPartner, newPartner: TO_LITWARE.currentPartner, customer: TO_LITWARE.customer };
const ALL = Object.values(TO_LITWARE);

beforeAll(async () => {
    h = await startAppHost();
    c = handoverClient(h);
});
afterAll(async () => {
    delete process.env.HANDOVER_DAY_MS;
    await h.stop();
});

/** Hands Lucerne's overage to the other partner with the parties answering in `order`; returns the completed handover. */
async function handOver(order: Party[]): Promise<any> {
    const owner = (await c.pcOverage(LUCERNE)).partnerId;
    const [agent, body, contacts] = owner === '1001'
        ? ['contosoAdmin' as const, { toPartnerId: '1002', azureEntitlementId: SUB_8 }, TO_LITWARE]
        : ['litwareAdmin' as const, { toPartnerId: '1001', azureEntitlementId: SUB_7 }, TO_CONTOSO];
    const res = await c.ask(LUCERNE, body, agent);
    expect([res.status, res.json.code]).toEqual([202, undefined]);
    const links = await c.links(res.json.id, contacts);
    for (const party of order) expect((await c.answer(links[party], 'approve')).status).toBeLessThan(300);
    return c.ended(res.headers.get('location')!, agent);
}

test('all three approve: A sets None first, then B assigns; three invitations, three confirmations, one audit trail', async () => {
    const since = await c.logSeq();
    const started = new Date().toISOString();
    const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(res.json).toMatchObject({
        status: 'awaiting-approvals', fromPartnerId: '1001', toPartnerId: '1002', service: 'PhoneServices', azureEntitlementId: SUB_8,
        decisions: { currentPartner: null, newPartner: null, customer: null },
    });
    expect(Date.parse(res.json.expiresAt) - Date.parse(res.json.requestedAt)).toBe(14 * 86_400_000);

    const links = await c.links(res.json.id, TO_LITWARE);
    const invitations = await c.mailsSince(started, ALL, /./);
    for (const address of ALL) {
        expect(invitations[address].text).toContain('Lucerne Publishing');
        expect(invitations[address].text).toContain(SUB_8);
        expect(invitations[address].text).toContain('UTC');
    }
    // each party gets its own link
    expect(new Set(Object.values(links)).size).toBe(3);

    for (const party of ['customer', 'newPartner', 'currentPartner'] as const) expect((await c.answer(links[party], 'approve')).status).toBeLessThan(300);
    const done = await c.ended(location);
    expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_8 });
    expect(done.decisions.customer).toMatchObject({ decision: 'approved', by: TO_LITWARE.customer });
    expect(Date.parse(done.noneSetAt)).toBeLessThanOrEqual(Date.parse(done.completedAt));

    // at Partner Center: B's subscription now, and A's None was written before B's assignment
    expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true });
    expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
    const confirmations = await c.mailsSince(done.completedAt, ALL, /complete|moved|done/i);
    expect(confirmations[TO_LITWARE.customer].text).toContain(SUB_8);
    const steps: string[] = done.steps.map((s: any) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['request', 'approvals', 'preflight', 'set-none', 'set-overage', 'record']));
    expect(steps.indexOf('set-none')).toBeLessThan(steps.lastIndexOf('set-overage'));
    // the same trail the enablements write, readable by both partners
    const audit = (await h.as('litwareAdmin')('GET', `/api/customers/${LUCERNE}/overage/audit?runId=${done.id}`)).json.items;
    expect(audit.length).toBe(done.steps.length);
    // and the app's record moved: Litware may now manage it, Contoso may not
    const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
    expect(enable.status).toBe(202);
    expect(await h.finish(enable.headers.get('location')!)).toMatchObject({ result: 'refused', blockers: [{ code: 'owned-by-another-partner' }] });
});

test('every order of the three approvals completes the switch', async () => {
    const orders: Party[][] = [['currentPartner', 'newPartner', 'customer'], ['currentPartner', 'customer', 'newPartner'], ['newPartner', 'currentPartner', 'customer'],
        ['newPartner', 'customer', 'currentPartner'], ['customer', 'currentPartner', 'newPartner'], ['customer', 'newPartner', 'currentPartner']];
    for (const order of orders) {
        const done = await handOver(order);
        expect(done.status).toBe('completed');
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: done.toPartnerId, overageEnabled: true });
    }
}, 60_000);

test('a decline ends the handover declined (who, why, when), mails all three and changes nothing', async () => {
    const before = await c.pcOverage(LUCERNE);
    const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
    const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub }, from.agent);
    const links = await c.links(res.json.id, from.contacts);
    await c.answer(links.currentPartner, 'approve');
    const declined = await c.answer(links.customer, 'decline', 'We stay with our partner.');
    expect(declined.status).toBe(200);
    const done = await c.ended(res.headers.get('location')!, from.agent);
    expect(done.status).toBe('declined');
    expect(done.decisions.customer).toMatchObject({ decision: 'declined', by: from.contacts.customer, reason: 'We stay with our partner.' });
    expect(done.outcome.detail).toContain('We stay with our partner.');
    const mails = await c.mailsSince(done.outcome.at, ALL, /declin/i);
    expect(mails[from.contacts.newPartner].text).toContain('We stay with our partner.');
    expect(await c.pcOverage(LUCERNE)).toEqual(before);
    // a late answer changes nothing and says so
    const late = await c.answer(links.newPartner, 'approve');
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('handover-closed');
    expect((await c.read(res.headers.get('location')!, from.agent)).decisions.newPartner).toBeNull();
});

test('unanswered: the silent parties are reminded at half-time, then the request expires and all three are told', async () => {
    process.env.HANDOVER_DAY_MS = '3000';
    const before = await c.pcOverage(LUCERNE);
    const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
    const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub, expiresInDays: 1 }, from.agent);
    expect(Date.parse(res.json.expiresAt) - Date.parse(res.json.requestedAt)).toBe(3000);
    const links = await c.links(res.json.id, from.contacts);
    await c.answer(links.newPartner, 'approve');
    const done = await c.ended(res.headers.get('location')!, from.agent);
    expect(done.status).toBe('expired');
    expect(done.reminders).toEqual([{ at: expect.any(String), parties: ['currentPartner', 'customer'] }]);
    const reminderAt = Date.parse(done.reminders[0].at);
    expect(reminderAt).toBeGreaterThanOrEqual(Date.parse(done.requestedAt) + 1500);
    expect(reminderAt).toBeLessThan(Date.parse(done.expiresAt));
    const reminders = await c.mailsSince(done.requestedAt, [from.contacts.currentPartner, from.contacts.customer], /remind/i);
    expect(reminders[from.contacts.customer].links.some((l) => l.includes('/api/approvals/'))).toBe(true);
    expect((await c.mailbox()).filter((m) => /remind/i.test(m.subject) && m.receivedAt >= done.requestedAt && m.to.includes(from.contacts.newPartner))).toEqual([]);
    await c.mailsSince(done.outcome.at, ALL, /expire/i);
    expect(await c.pcOverage(LUCERNE)).toEqual(before);
    // the links expired with it
    const late = await c.answer(links.customer, 'approve');
    expect(late.status).toBe(410);
    expect(late.json.code).toBe('approval-link-expired');
});

test('a used link, a repeated answer and an answer for another handover change nothing; the requester cancels', async () => {
    const before = await c.pcOverage(LUCERNE);
    const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, other: 'litwareAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, other: 'contosoAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
    const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub }, from.agent);
    const id = res.json.id;
    const location = res.headers.get('location')!;
    const links = await c.links(id, from.contacts);
    expect((await c.answer(links.customer, 'approve')).status).toBe(200);
    const reused = await c.answer(links.customer, 'decline');
    expect(reused.status).toBe(409);
    expect(['approval-link-used', 'handover-already-decided']).toContain(reused.json.code);

    // signals straight to the run (an operator's raiseEvent): a repeat, and an answer issued for another handover
    const raise = (signal: Record<string, unknown>) => h.call('POST', h.durable(`instances/${encodeURIComponent(id)}/raiseEvent/handover-signal`), signal);
    expect((await raise({ kind: 'decision', party: 'customer', decision: 'decline', at: new Date().toISOString(), by: 'someone@else.example', handoverId: id })).status).toBe(202);
    expect((await raise({ kind: 'decision', party: 'newPartner', decision: 'approve', at: new Date().toISOString(), by: 'someone@else.example', handoverId: 'partnerHandover-other' })).status).toBe(202);
    const seen = await c.until(location, (x) => x.steps.filter((s: any) => /Ignored|another handover/.test(s.detail)).length === 2, from.agent);
    expect(seen.decisions).toMatchObject({ customer: { decision: 'approved' }, newPartner: null, currentPartner: null });
    expect(seen.status).toBe('awaiting-approvals');

    // only the requesting partner cancels
    const notMine = await h.as(from.other)('DELETE', new URL(location).pathname);
    expect(notMine.status).toBe(403);
    expect(notMine.json.code).toBe('not-requester');
    const cancelled = await h.as(from.agent)('DELETE', new URL(location).pathname);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', cancelled: { by: expect.stringContaining('@') } });
    await c.mailsSince(cancelled.json.outcome.at, ALL, /cancel/i);
    await c.ended(location, from.agent);
    const afterCancel = await c.answer(links.newPartner, 'approve');
    expect(afterCancel.status).toBe(409);
    expect(await c.pcOverage(LUCERNE)).toEqual(before);
    // the list shows it to both partners
    const listed = (await h.as(from.other)('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items;
    expect(listed.find((x: any) => x.id === id)).toMatchObject({ status: 'cancelled' });
});
