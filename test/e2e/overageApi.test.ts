// The Partner Center-compatible overage API, the status, diagnostics and
// audit views, and bulk requests over Service Bus, through the local host.
import { LocalQueueSender } from '../../shared/adapters/messaging/localQueueSender';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

const pcPath = (c: string) => `/api/v1/customers/${c}/subscriptions/overage`;

test('Partner Center shapes: GET the collection, PUT true enables (202 + Location), PUT false disables', async () => {
    const admin = app.as('contosoAdmin');
    const before = await admin('GET', pcPath(CUSTOMERS.vanArsdel));
    // Partner Center keeps a record from the first purchase on: it names the partner, overage not yet on
    expect(before.json).toEqual({ totalCount: 1, items: [{ azureEntitlementId: null, partnerId: '1001', type: 'PhoneServices', overageEnabled: false, attributes: { objectType: 'Overage' } }], attributes: { objectType: 'Collection' } });
    const entitlement = (await app.call('GET', `/simulator/customers/${CUSTOMERS.vanArsdel}`)).json.azure.entitlements[0].id;

    const on = await admin('PUT', pcPath(CUSTOMERS.vanArsdel), { azureEntitlementId: entitlement, overageEnabled: true });
    expect(on.status).toBe(202);
    expect(on.headers.get('location')).toMatch(new RegExp(`/api/customers/${CUSTOMERS.vanArsdel}/overage/runs/enableOverage-`));
    expect((await app.finish(on.headers.get('location')!)).result).toBe('enabled');
    expect((await admin('GET', pcPath(CUSTOMERS.vanArsdel))).json.items).toEqual([
        { azureEntitlementId: entitlement, partnerId: '1001', type: 'PhoneServices', overageEnabled: true, attributes: { objectType: 'Overage' } },
    ]);

    const off = await admin('PUT', pcPath(CUSTOMERS.vanArsdel), { azureEntitlementId: null, overageEnabled: false });
    expect(off.status).toBe(202);
    expect(off.json.kind).toBe('disable');
    expect(await app.finish(off.headers.get('location')!)).toMatchObject({ status: 'completed', result: 'disabled' });
    expect((await admin('GET', pcPath(CUSTOMERS.vanArsdel))).json.items[0].overageEnabled).toBe(false);

    const audit = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.vanArsdel}/overage/audit`);
    const steps = audit.json.items.map((e: { step: string }) => e.step);
    expect(steps).toEqual(expect.arrayContaining(['verify-caller', 'preflight', 'set-overage', 'record']));
    expect(audit.json.items.every((e: { actor: { upn: string } }) => e.actor.upn === 'admin@contoso-telecom.example')).toBe(true);
});

test('the PUT validates the Partner Center body', async () => {
    const res = await app.as('contosoAdmin')('PUT', pcPath(CUSTOMERS.vanArsdel), { overageEnabled: 'yes' });
    expect(res.status).toBe(400);
    expect(res.json.issues.length).toBeGreaterThan(0);
    expect((await app.as('contosoSales')('PUT', pcPath(CUSTOMERS.vanArsdel), { azureEntitlementId: null, overageEnabled: false })).status).toBe(403);
});

test('status shows setting, owner, credits and the last run with links', async () => {
    const res = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.graphicDesign}/overage`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ overageEnabled: true, ownerPartnerId: '1001', credits: { balance: 42.75, payer: 'communicationsCredits', postpaidActive: false } });
    expect(res.json.links.audit).toContain(`/api/customers/${CUSTOMERS.graphicDesign}/overage/audit`);
    expect(res.json.links.runs).toContain(`/api/customers/${CUSTOMERS.graphicDesign}/overage/runs`);
});

test('diagnostics explain why a call beyond the included minutes would be refused, with remedies', async () => {
    const payg = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.blueYonder}/overage/diagnostics`);
    expect(payg.json).toMatchObject({ outboundBeyondIncludedMinutes: 'refused', payer: 'nothing' });
    expect(payg.json.reasons[0]).toMatchObject({ code: 'outbound-calls-refused', remedy: expect.any(String) });
    const recharge = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage/diagnostics`);
    expect(recharge.json.reasons.map((r: { code: string }) => r.code)).toContain('auto-recharge-on');
    const gdap = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.proseware}/overage/diagnostics`);
    expect(gdap.json.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['outbound-calls-refused', 'gdap-missing']));
    expect((await app.as('contosoHelpdesk')('GET', `/api/customers/${CUSTOMERS.proseware}/overage/diagnostics`)).status).toBe(403);
});

describe('Service Bus intake', () => {
    const sender = () => new LocalQueueSender(app.url, app.host.systemKey);
    const identity = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };

    test('a message starts an enablement for the agent in its application properties', async () => {
        await sender().send('overage-enablement-requests', [{ body: { customerTenantId: CUSTOMERS.relecloud, service: 'PhoneServices', azureEntitlementId: 'new' }, messageId: 'bulk-1', applicationProperties: identity }]);
        const c = await until(async () => {
            const cust = (await app.call('GET', `/simulator/customers/${CUSTOMERS.relecloud}`)).json;
            return cust.overage.find((o: { overageEnabled: boolean }) => o.overageEnabled) ? cust : undefined;
        });
        expect(c.overage[0]).toMatchObject({ partnerId: '1001', overageEnabled: true });
    });

    test('an invalid message is set aside once, with its reason, and never retried', async () => {
        await sender().send('overage-enablement-requests', [{ body: { customerTenantId: 'nope', service: 'Fax' }, messageId: 'bulk-bad', applicationProperties: { partnerId: '1001' } }]);
        const rejected = await until(async () => {
            const list = await app.call('GET', '/admin/queues/overage-enablement-requests-rejected', undefined, { 'x-functions-key': app.host.systemKey });
            return list.json.active > 0 ? list.json : undefined;
        });
        expect(rejected.active).toBe(1);
        const kept = await app.host.queues.receive('overage-enablement-requests-rejected');
        expect(kept?.body).toMatchObject({ deadLetterReason: 'invalid-request', originalMessageId: 'bulk-bad', originalBody: { customerTenantId: 'nope', service: 'Fax' } });
        expect(String((kept?.body as { deadLetterErrorDescription: string }).deadLetterErrorDescription)).toMatch(/body\.customerTenantId.*applicationProperties\.agentUpn/);
        const processed = app.logs.filter((l) => l.function === 'enablementQueue' && l.outcome);
        expect(processed.filter((l) => l.outcome === 'failed')).toHaveLength(0);
        expect(app.host.queues.listDeadLetters('overage-enablement-requests')).toHaveLength(0);
    });
});
