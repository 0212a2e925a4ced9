// Names, pickers and the actions of GET .../overage, through the local host
// and the simulator's demo world (one host for the file). The actions are
// checked against the real endpoints: each one offered is then called and
// not refused, and each one not offered is called and refused with the
// reason's code (the rule of core/domain/rules/actions.ts and the runs' rules
// must not disagree).
import { AppHost, CUSTOMERS, startAppHost, type AgentName } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';

const PC_OVERAGE = (c: string) => `/api/v1/customers/${c}/subscriptions/overage`;

describe('names, pickers and actions', () => {
    jest.setTimeout(90_000);
    let app: AppHost;
    beforeAll(async () => { app = await startAppHost(); });
    afterAll(async () => { await app?.stop(); });

    const status = async (c: string, agent: AgentName) => {
        const res = await app.as(agent)('GET', `/api/customers/${c}/overage`);
        expect(res.status).toBe(200);
        return res.json;
    };
    const finish = async (res: { status: number; headers: Headers }, agent: AgentName) => {
        expect(res.status).toBe(202);
        return app.finish(res.headers.get('location')!, agent);
    };

    test('GET /api/partners: the caller first, the others by their legal business name, nothing else of theirs', async () => {
        const res = await app.as('litwareAdmin')('GET', '/api/partners');
        expect(res.status).toBe(200);
        expect(res.json.items[0]).toEqual({ partnerId: '1002', name: 'Litware Voice', self: true });
        expect(res.json.items).toContainEqual({ partnerId: '1001', name: 'Contoso Telecom', self: false });
        for (const item of res.json.items) expect(Object.keys(item).sort()).toEqual(['name', 'partnerId', 'self']);
        expect(JSON.stringify(res.json)).not.toMatch(/@/); // no contact, no agent
    });

    test('GET .../azure-subscriptions: friendly names from billing, and "new" with the name it will get', async () => {
        const res = await app.as('contosoSales')('GET', `/api/customers/${CUSTOMERS.lucerne}/azure-subscriptions`);
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ customerTenantId: CUSTOMERS.lucerne, azurePlan: 'plan', newSubscription: { allowed: true } });
        expect(res.json.items).toEqual(expect.arrayContaining([
            { id: '30000000-0000-4000-8000-000000000007', name: 'Lucerne Voice', state: 'active', allowed: true },
            { id: '30000000-0000-4000-8000-000000000008', name: 'Lucerne Archive', state: 'active', allowed: true },
        ]));
        expect(res.json.newSubscription.name).toMatch(/^Subscription \d+$/);
        const bad = await app.as('contosoSales')('GET', '/api/customers/not-a-guid/azure-subscriptions');
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });

    test('the customer list names the partner on record beside its id', async () => {
        await status(CUSTOMERS.lucerne, 'contosoAdmin'); // a live read puts the customer in the read model the list is served from
        const res = await app.as('contosoAdmin')('GET', '/api/customers');
        const lucerne = res.json.items.find((i: any) => i.customerTenantId === CUSTOMERS.lucerne);
        expect(lucerne.overage).toMatchObject({ partnerId: '1001', partnerName: 'Contoso Telecom' });
    });

    test('the fleet view names the partner on record beside its id, as the other partner sees it too', async () => {
        await syncFleet(app);
        const rows = (await app.as('litwareAdmin')('GET', '/api/readiness?limit=500')).json.items;
        expect(rows.find((r: any) => r.customerTenantId === CUSTOMERS.lucerne).overage).toMatchObject({ partnerId: '1001', partnerName: 'Contoso Telecom' });
        expect(rows.find((r: any) => r.customerTenantId === CUSTOMERS.trey).overage).toMatchObject({ partnerId: '1002', partnerName: 'Litware Voice' });
    });

    test('Coho (no overage-enabling subscription, as the fleet assessed it): no enable, and the run refuses it', async () => {
        await syncFleet(app); // the assessment the answer reads
        const s = await status(CUSTOMERS.coho, 'contosoAdmin');
        expect(s.actions.enable).toMatchObject({ allowed: false, reason: { code: 'not-eligible' } });
        const done = await finish(await app.enable(CUSTOMERS.coho, { azureEntitlementId: 'new' }), 'contosoAdmin');
        expect(done).toMatchObject({ result: 'refused', blockers: [expect.objectContaining({ code: 'not-eligible' })] });
    });

    test('Proseware (the fleet found GDAP missing): no enable, the blocker\'s detail and remedy as the reason; a run forced anyway ends blocked on it', async () => {
        await syncFleet(app);
        const s = await status(CUSTOMERS.proseware, 'contosoAdmin');
        expect(s.actions.enable).toEqual({ allowed: false, reason: { code: 'gdap-missing', detail: expect.stringContaining('GDAP'), remedy: expect.stringContaining('GDAP relationship') } });
        const done = await finish(await app.enable(CUSTOMERS.proseware, { azureEntitlementId: 'new' }), 'contosoAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'blocked', blockers: [expect.objectContaining({ code: 'gdap-missing' })] });
    });

    test.each([
        ['Margie\'s Travel', 'conditional-access-blocked', CUSTOMERS.margies, 'contosoAdmin'],
        ['Humongous Insurance', 'location-policy-blocked', CUSTOMERS.humongous, 'contosoAdmin'],
        ['Bellows College', 'mca-not-accepted', CUSTOMERS.bellows, 'contosoAdmin'],
        ['Tailwind Traders (test tenant)', 'sandbox-no-azure-plan', CUSTOMERS.tailwind, 'adatumAdmin'],
    ] as const)('%s: enable withheld with %s, and the run refuses it the same way', async (_name, code, customer, agent) => {
        await syncFleet(app, agent);
        const s = await status(customer, agent);
        expect(s.actions.enable).toMatchObject({ allowed: false, reason: { code } });
        const done = await finish(await app.enable(customer, { azureEntitlementId: 'new' }, agent), agent);
        expect(done.blockers.map((b: any) => b.code)).toContain(code);
        expect(done.result).not.toBe('enabled');
    });

    test('a blocker the run resolves itself does not withhold enable: Alpine\'s legacy offer is moved to an Azure plan and overage ends on', async () => {
        await syncFleet(app);
        const s = await status(CUSTOMERS.alpine, 'contosoAdmin');
        expect(s.actions.enable).toEqual({ allowed: true });
        const done = await finish(await app.enable(CUSTOMERS.alpine, { azureEntitlementId: 'new' }), 'contosoAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
    });

    test('auto-recharge on (School of Fine Art) does not withhold enable: the run can wait for it, and the request is accepted', async () => {
        await syncFleet(app);
        const s = await status(CUSTOMERS.fineArt, 'contosoAdmin');
        expect(s.credits.autoRecharge).toMatchObject({ enabled: true });
        expect(s.actions.enable).toEqual({ allowed: true });
        const res = await app.enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
        expect(res.status).toBe(202);
        const cancelled = await app.as('contosoAdmin')('DELETE', new URL(res.headers.get('location')!).pathname);
        expect([200, 409]).toContain(cancelled.status); // 409: it ended (or was still starting) first
    });

    test('a SalesAgent is offered nothing that changes anything, and each change is refused', async () => {
        const s = await status(CUSTOMERS.lucerne, 'contosoSales');
        for (const a of Object.values<any>(s.actions)) expect(a).toMatchObject({ allowed: false, reason: { code: 'role-not-permitted' } });
        const tries = [
            await app.as('contosoSales')('POST', `/api/customers/${CUSTOMERS.lucerne}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' }),
            await app.as('contosoSales')('PUT', PC_OVERAGE(CUSTOMERS.lucerne), { azureEntitlementId: null, overageEnabled: false }),
            await app.as('contosoSales')('POST', `/api/customers/${CUSTOMERS.lucerne}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: 'new' }),
        ];
        for (const res of tries) expect([res.status, res.json.code]).toEqual([403, 'role-not-permitted']);
    });

    test('Lucerne seen by Litware (Contoso holds it): no disable, a take-over from Contoso; the disable is refused', async () => {
        const s = await status(CUSTOMERS.lucerne, 'litwareAdmin');
        expect(s).toMatchObject({ ownerPartnerId: '1001', ownerPartnerName: 'Contoso Telecom', azureSubscriptionName: null });
        expect(s.actions.disable).toEqual({ allowed: false, reason: { code: 'owned-by-another-partner', detail: "Contoso Telecom bills this customer's overage; ask for a handover." } });
        expect(s.actions.enable.allowed).toBe(false);
        expect(s.actions.requestHandover).toMatchObject({ allowed: true, direction: 'take-over', label: 'Take over from Contoso Telecom' });
        const done = await finish(await app.as('litwareAdmin')('PUT', PC_OVERAGE(CUSTOMERS.lucerne), { azureEntitlementId: null, overageEnabled: false }), 'litwareAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'refused', blockers: [expect.objectContaining({ code: 'owned-by-another-partner' })] });
    });

    test('Lucerne seen by Contoso (the owner): its subscription by name; the reassignment offered is accepted and ends enabled', async () => {
        const s = await status(CUSTOMERS.lucerne, 'contosoAdmin');
        expect(s).toMatchObject({ ownerPartnerName: 'Contoso Telecom', azureSubscriptionName: 'Lucerne Voice' });
        expect(s.actions).toMatchObject({ enable: { allowed: true }, disable: { allowed: true }, requestHandover: { allowed: true, direction: 'hand-over' } });
        const done = await finish(await app.enable(CUSTOMERS.lucerne, { azureEntitlementId: '30000000-0000-4000-8000-000000000008' }), 'contosoAdmin');
        expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
        const after = await status(CUSTOMERS.lucerne, 'contosoAdmin');
        expect(after).toMatchObject({ azureEntitlementId: '30000000-0000-4000-8000-000000000008', azureSubscriptionName: 'Lucerne Archive' });
    });

    test('Trey seen by Contoso (Litware bought first): no enable (refused if tried), a take-over that is accepted, then only its cancel', async () => {
        const s = await status(CUSTOMERS.trey, 'contosoAdmin');
        expect(s).toMatchObject({ ownerPartnerId: '1002', ownerPartnerName: 'Litware Voice' });
        expect(s.actions.enable).toEqual({ allowed: false, reason: { code: 'owned-by-another-partner', detail: "Litware Voice bills this customer's overage; ask for a handover." } });
        expect(s.actions.requestHandover).toEqual({ allowed: true, direction: 'take-over', fromPartnerId: '1002', fromPartnerName: 'Litware Voice', label: 'Take over from Litware Voice' });
        expect(s.actions.cancelHandover).toMatchObject({ allowed: false, reason: { code: 'no-open-handover' } });

        const refused = await finish(await app.enable(CUSTOMERS.trey, { azureEntitlementId: 'new' }), 'contosoAdmin');
        expect(refused).toMatchObject({ result: 'refused', blockers: [expect.objectContaining({ code: s.actions.enable.reason.code })] });

        const asked = await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.trey}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: 'new' });
        expect(asked.status).toBe(202);
        const open = await status(CUSTOMERS.trey, 'contosoAdmin');
        expect(open.actions.requestHandover).toMatchObject({ allowed: false, reason: { code: 'handover-open' } });
        expect(open.actions.cancelHandover).toEqual({ allowed: true, handoverId: asked.json.id });
        // the owner sees the open handover too, and may not cancel what it did not ask for
        const owner = await status(CUSTOMERS.trey, 'litwareAdmin');
        expect(owner.actions.cancelHandover).toMatchObject({ allowed: false, reason: { code: 'not-requester' }, handoverId: asked.json.id });
        const notMine = await app.as('litwareAdmin')('DELETE', `/api/customers/${CUSTOMERS.trey}/overage/handovers/${asked.json.id}`);
        expect([notMine.status, notMine.json.code]).toEqual([403, 'not-requester']);
        const again = await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.trey}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: 'new', subscriptionName: 'Again' });
        expect([again.status, again.json.code]).toEqual([409, 'handover-open']);

        const cancelled = await app.as('contosoAdmin')('DELETE', `/api/customers/${CUSTOMERS.trey}/overage/handovers/${asked.json.id}`);
        expect([200, 202]).toContain(cancelled.status);
    });

    test('a run\'s answers name its partner and subscription: the 202, the run and the list', async () => {
        const res = await app.enable(CUSTOMERS.lucerne, { azureEntitlementId: '30000000-0000-4000-8000-000000000007' });
        expect(res.json).toMatchObject({ partnerId: '1001', partnerName: 'Contoso Telecom', toPartnerName: null, resellerPartnerName: null, azureSubscriptionName: 'Lucerne Voice' });
        const done = await finish(res, 'contosoAdmin');
        expect(done).toMatchObject({ result: 'enabled', partnerName: 'Contoso Telecom', azureSubscriptionName: 'Lucerne Voice' });
        const list = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/overage/runs`)).json;
        expect(list.items.find((r: any) => r.id === done.id)).toMatchObject({ partnerName: 'Contoso Telecom', azureSubscriptionName: 'Lucerne Voice' });
        expect((await status(CUSTOMERS.lucerne, 'contosoAdmin')).lastRun).toMatchObject({ id: done.id, partnerName: 'Contoso Telecom', azureSubscriptionName: 'Lucerne Voice' });
    });

    test('a handover names both partners to both; its subscription by name only to the new partner, whose billing it is in', async () => {
        const asked = await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.lucerne}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: '30000000-0000-4000-8000-000000000008' });
        expect(asked.status).toBe(202);
        try {
            expect(asked.json).toMatchObject({ fromPartnerId: '1001', fromPartnerName: 'Contoso Telecom', toPartnerId: '1002', toPartnerName: 'Litware Voice', azureSubscriptionName: null });
            const self = new URL(asked.headers.get('location')!).pathname;
            const mine = (await app.as('contosoAdmin')('GET', self)).json;
            expect(mine).toMatchObject({ fromPartnerName: 'Contoso Telecom', toPartnerName: 'Litware Voice', azureSubscriptionName: null });
            const theirs = (await app.as('litwareAdmin')('GET', self)).json;
            expect(theirs).toMatchObject({ fromPartnerName: 'Contoso Telecom', toPartnerName: 'Litware Voice', azureSubscriptionName: 'Lucerne Archive' });
            const run = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/overage/runs/${encodeURIComponent(asked.json.id)}`)).json;
            expect(run).toMatchObject({ kind: 'handover', partnerName: 'Contoso Telecom', toPartnerName: 'Litware Voice', azureSubscriptionName: null });
        } finally {
            await app.as('contosoAdmin')('DELETE', new URL(asked.headers.get('location')!).pathname);
        }
    });

    describe('a customer sold through a reseller (Wide World Importers: Northwind Reseller through Tailspin Distribution)', () => {
        beforeAll(async () => { await syncFleet(app, 'tailspinAdmin'); });

        test('the reseller is offered nothing, each refusal naming its provider; a forced enable is refused the same way', async () => {
            const s = await status(CUSTOMERS.wideWorld, 'northwindAdmin');
            expect(s.reseller).toBeNull();
            for (const a of Object.values<any>(s.actions)) {
                expect(a).toMatchObject({ allowed: false, reason: { code: 'indirect-reseller', detail: expect.stringContaining('Northwind Reseller'), remedy: expect.stringContaining('Tailspin Distribution') } });
            }
            const forced = await app.enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new' }, 'northwindAdmin');
            expect([forced.status, forced.json.code]).toEqual([403, 'indirect-reseller']);
        });

        test('the provider sees the reseller by name and acts for it: the enable offered is accepted when it names the reseller, and ends enabled', async () => {
            const s = await status(CUSTOMERS.wideWorld, 'tailspinAdmin');
            expect(s).toMatchObject({ reseller: { partnerId: '3001', name: 'Northwind Reseller' }, ownerPartnerName: 'Northwind Reseller' });
            expect(s.actions.enable).toEqual({ allowed: true });
            // neither a take-over from its own reseller nor a hand-over it cannot ask for: the handover start refuses both
            expect(s.actions.requestHandover).toMatchObject({ allowed: false, reason: { code: 'role-not-permitted' }, direction: null });
            const asked = await app.as('tailspinAdmin')('POST', `/api/customers/${CUSTOMERS.wideWorld}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: 'new' });
            expect([asked.status, asked.json.code]).toEqual([403, s.actions.requestHandover.reason.code]);
            const done = await finish(await app.enable(CUSTOMERS.wideWorld, { azureEntitlementId: 'new', resellerPartnerId: s.reseller.partnerId }, 'tailspinAdmin'), 'tailspinAdmin');
            expect(done).toMatchObject({ status: 'completed', result: 'enabled', partnerName: 'Tailspin Distribution', resellerPartnerName: 'Northwind Reseller' });
            const after = await status(CUSTOMERS.wideWorld, 'tailspinAdmin');
            expect(after).toMatchObject({ overageEnabled: true, ownerPartnerId: '3001', azureSubscriptionName: expect.any(String) });
            expect(after.actions.disable).toEqual({ allowed: true });
            // the switch-off offered works as the console sends it: Partner Center's update naming the reseller
            const off = await finish(await app.as('tailspinAdmin')('PUT', PC_OVERAGE(CUSTOMERS.wideWorld), { azureEntitlementId: null, overageEnabled: false, partnerId: after.reseller.partnerId }), 'tailspinAdmin');
            expect(off).toMatchObject({ status: 'completed', result: 'disabled', resellerPartnerName: 'Northwind Reseller' });
        });
    });
    test('Proseware once GDAP is granted: enable stays withheld on the stored assessment, and is offered as soon as the partner reads the customer live', async () => {
        await syncFleet(app);
        expect((await status(CUSTOMERS.proseware, 'contosoAdmin')).actions.enable).toMatchObject({ allowed: false, reason: { code: 'gdap-missing' } });
        expect((await app.call('POST', `/simulator/customers/${CUSTOMERS.proseware}`, { policies: { gdapAzureAccess: true } })).status).toBe(200);
        try {
            // the fleet's last assessment still says GDAP is missing: nothing has read the customer since
            expect((await status(CUSTOMERS.proseware, 'contosoAdmin')).actions.enable).toMatchObject({ allowed: false });
            const live = await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.proseware}/overage?refresh=true`);
            expect(live.status).toBe(200);
            expect(live.json.actions.enable).toEqual({ allowed: true });
            const row = await app.as('contosoAdmin')('GET', `/api/readiness?q=${CUSTOMERS.proseware}`);
            expect(row.json.items[0]).toMatchObject({ customerTenantId: CUSTOMERS.proseware, blockers: [] });
            // and what is offered is accepted: the run is not blocked on GDAP
            const done = await finish(await app.enable(CUSTOMERS.proseware, { azureEntitlementId: 'new' }), 'contosoAdmin');
            expect(done.blockers ?? []).not.toContainEqual(expect.objectContaining({ code: 'gdap-missing' }));
        } finally {
            await app.call('POST', `/simulator/customers/${CUSTOMERS.proseware}`, { policies: { gdapAzureAccess: false } });
        }
    });
});
