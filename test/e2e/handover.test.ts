// Partner handovers end to end through the local host: the three mails read
// from the simulator's mailbox, their links followed as a person would, and
// the result checked at the simulator's Partner Center, whose write log keeps
// the order of the two changes.
import { AppHost, AGENTS, CUSTOMERS, startAppHost } from '../helpers/appHost';

let h: AppHost;
const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment; Litware (1002) also sells an overage SKU there
const SUB_7 = '30000000-0000-4000-8000-000000000007';
const SUB_8 = '30000000-0000-4000-8000-000000000008';
const CONTACTS = { currentPartner: 'ops@contoso-telecom.example', newPartner: 'csp@litware-voice.example', customer: 'it@lucerne-publishing.example' };
const BACK = { currentPartner: CONTACTS.newPartner, newPartner: CONTACTS.currentPartner, customer: CONTACTS.customer };
type Party = keyof typeof CONTACTS;

beforeAll(async () => {
    process.env.HANDOVER_SWITCH_RETRY_MS = '100';
    h = await startAppHost();
});
afterAll(async () => {
    delete process.env.HANDOVER_SWITCH_RETRY_MS;
    delete process.env.HANDOVER_DAY_MS;
    await h.stop();
});
afterEach(async () => {
    await h.call('DELETE', '/simulator/faults');
    delete process.env.HANDOVER_DAY_MS;
});

interface Mail { to: string[]; subject: string; text: string; links: string[]; receivedAt: string }
const mailbox = async (): Promise<Mail[]> => (await h.call('GET', '/simulator/mailbox')).json;
const handoverPath = (customer: string) => `/api/customers/${customer}/overage/handovers`;
const ask = (body: Record<string, unknown>, agent: keyof typeof AGENTS = 'contosoAdmin', customer: string = LUCERNE) =>
    h.as(agent)('POST', handoverPath(customer), { service: 'PhoneServices', ...body });
const read = async (location: string, agent: keyof typeof AGENTS = 'contosoAdmin') => (await h.as(agent)('GET', new URL(location).pathname)).json;

/** Waits for mails whose subject matches, received since `since`, one to each address. */
async function mailsSince(since: string, to: string[], subject: RegExp, ms = 10_000): Promise<Record<string, Mail>> {
    const end = Date.now() + ms;
    for (;;) {
        const byAddress: Record<string, Mail> = {};
        for (const m of await mailbox()) if (m.receivedAt >= since && subject.test(m.subject)) for (const a of m.to) byAddress[a] = m;
        if (to.every((a) => byAddress[a])) return byAddress;
        if (Date.now() > end) throw new Error(`no mail ${subject} to each of ${to.join(', ')}: ${JSON.stringify((await mailbox()).map((m) => [m.to, m.subject]))}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** The approval links mailed to each party of a handover. */
async function links(handoverId: string, contacts: Record<Party, string>): Promise<Record<Party, string>> {
    const end = Date.now() + 10_000;
    for (;;) {
        const mails = await mailbox();
        const linkOf = (addr: string) => mails.filter((m) => m.to.includes(addr)).flatMap((m) => m.links).find((l) => l.includes('/api/approvals/') && tokenHandover(l) === handoverId);
        const found = { currentPartner: linkOf(contacts.currentPartner), newPartner: linkOf(contacts.newPartner), customer: linkOf(contacts.customer) };
        if (found.currentPartner && found.newPartner && found.customer) return found as Record<Party, string>;
        if (Date.now() > end) throw new Error(`links of ${handoverId} not all mailed: ${JSON.stringify(found)}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** The handover a link is for (read from its token's payload, as any reader of the mail could). */
function tokenHandover(link: string): string {
    const token = link.split('/api/approvals/')[1];
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).hid;
}

const answer = (link: string, decision: 'approve' | 'decline', reason?: string) =>
    h.call('POST', new URL(link).pathname, { decision, ...(reason ? { reason } : {}) }, { accept: 'application/json' });

async function until(location: string, done: (x: any) => boolean, agent: keyof typeof AGENTS = 'contosoAdmin', ms = 20_000): Promise<any> {
    const end = Date.now() + ms;
    for (;;) {
        const x = await read(location, agent);
        if (done(x)) return x;
        if (Date.now() > end) {
            const inst = (await h.call('GET', h.durable(`instances/${encodeURIComponent(x.id)}?showHistory=true&showHistoryOutput=true`))).json;
            throw new Error(`handover not there yet: ${JSON.stringify(x)}\n${JSON.stringify(inst)}\n${JSON.stringify(h.logs.filter((l) => l.level === 'error' || l.level === 'warning' || /partnerHandover|approvals/.test(String(l.function))).slice(-30))}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** Partner Center's overage record for the customer, as the simulated cloud holds it. */
const pcOverage = async (customer: string) => (await h.call('GET', `/simulator/customers/${customer}`)).json.overage.find((i: any) => i.type === 'PhoneServices');

async function overageWrites(since: number): Promise<Array<{ partner: string; status: number }>> {
    const { entries } = (await h.call('GET', `/simulator/log?since=${since}`)).json;
    return entries.filter((e: any) => e.method === 'PUT' && /subscriptions\/overage$/.test(e.path) && e.status < 300);
}
const logSeq = async () => {
    const { entries } = (await h.call('GET', '/simulator/log')).json;
    return entries.length ? entries[entries.length - 1].seq : 0;
};

test('all three approve: A sets None first, then B assigns; three invitations, three confirmations, one audit trail', async () => {
    const since = await logSeq();
    const started = new Date().toISOString();
    const res = await ask({ toPartnerId: '1002', azureEntitlementId: SUB_8 });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(res.json).toMatchObject({ status: 'awaiting-approvals', fromPartnerId: '1001', toPartnerId: '1002', service: 'PhoneServices', azureEntitlementId: SUB_8,
        decisions: { currentPartner: null, newPartner: null, customer: null } });
    const id = res.json.id;

    const invite = await links(id, CONTACTS);
    const mails = await mailbox();
    const customerMail = mails.find((m) => m.to.includes(CONTACTS.customer) && m.links.includes(invite.customer))!;
    expect(customerMail.text).toContain('Lucerne Publishing');
    expect(customerMail.text).toContain(SUB_8);
    expect(customerMail.text).toContain('UTC');

    for (const party of ['customer', 'newPartner', 'currentPartner'] as const) {
        const r = await answer(invite[party], 'approve');
        expect(r.status).toBeLessThan(300);
    }
    const done = await until(location, (x) => x.status !== 'awaiting-approvals' && x.status !== 'switching');
    expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_8 });
    expect(done.decisions.customer).toMatchObject({ decision: 'approved', by: CONTACTS.customer });
    expect(Date.parse(done.noneSetAt)).toBeLessThanOrEqual(Date.parse(done.completedAt));

    // at Partner Center: B's subscription now; A's None was written before B's assignment
    expect(await pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true });
    expect((await overageWrites(since)).map((w) => w.partner)).toEqual(['1001', '1002']);
    const confirmations = await mailsSince(started, Object.values(CONTACTS), /complete|moved|done/i);
    expect(confirmations[CONTACTS.customer].text).toContain(SUB_8);
    const steps = done.steps.map((s: any) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['request', 'approvals', 'preflight', 'set-none', 'set-overage', 'record']));
    expect(steps.indexOf('set-none')).toBeLessThan(steps.lastIndexOf('set-overage'));

    // and back again, so the next tests start where they expect
    const back = await ask({ toPartnerId: '1001', azureEntitlementId: SUB_7 }, 'litwareAdmin');
    expect(back.status).toBe(202);
    const l2 = await links(back.json.id, BACK);
    for (const party of ['currentPartner', 'customer', 'newPartner'] as const) await answer(l2[party], 'approve');
    expect(await until(back.headers.get('location')!, (x) => x.status === 'completed', 'litwareAdmin')).toMatchObject({ azureEntitlementId: SUB_7 });
    expect(await pcOverage(LUCERNE)).toMatchObject({ partnerId: '1001', azureEntitlementId: SUB_7, overageEnabled: true });
});
