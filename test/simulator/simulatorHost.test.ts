// The simulator of Microsoft's cloud as the local host serves it. One file so
// the modules load once; each part on its own simulator host.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BillingManagementClient } from '@azure/arm-billing';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import { createTokenVerifier, loadAuthConfig } from '../../shared/adapters/identity/identity';
import { createMailer } from '../../shared/adapters/mail/mailers';
import { continuationToken, readContinuationToken, seekPage } from '../../simulator/http/continuation';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { AGENTS, AUDIENCE, Agent, asAgent, entitlement, tenant, tokenFor } from './support';

describe('the simulator on the local host', () => {
    // The simulator as the local host serves it: tokens the app's verifier accepts
    // through the published key set, the mail sink behind the app's SMTP adapter,
    // state that survives a restart, reset, and a bad world file stopping the host.
    const SCHOOL_OF_FINE_ART = '10000000-0000-4000-8000-000000000014';

    test("a simulator token passes the app's verifier, fetched keys and all; a tampered one does not", async () => {
        const sim = await startSimulatorHost();
        try {
            const res = await sim.call('POST', '/simulator/token', DEMO.contosoAdmin);
            expect(res.status).toBe(200);
            const verifier = createTokenVerifier(loadAuthConfig({ LOCAL_HOST_URL: sim.url }));
            expect(await verifier.verify(`Bearer ${res.json.access_token}`)).toEqual({ partnerId: '1001', upn: DEMO.contosoAdmin.upn, roles: ['AdminAgent'] });
            const [h, p, s] = (res.json.access_token as string).split('.');
            const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), partnerId: '1002' })).toString('base64url');
            await expect(verifier.verify(`Bearer ${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'unauthenticated' });
            expect((await sim.call('POST', '/simulator/token', { ...DEMO.contosoAdmin, partnerId: '4242' })).status).toBe(404);
        } finally {
            await sim.stop();
        }
    });

    test('mail sent with the app\'s SMTP adapter lands in the mailbox with its links; DELETE empties it', async () => {
        const sim = await startSimulatorHost();
        try {
            const mailer = createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT });
            await mailer.send({ to: 'it@fabrikam.example', subject: 'Approve the handover', text: 'Open https://localhost/approve?t=abc to approve.', html: '<a href="https://localhost/decline?t=abc">Decline</a>' });
            const box = await sim.call('GET', '/simulator/mailbox');
            expect(box.json).toEqual([expect.objectContaining({ to: ['it@fabrikam.example'], subject: 'Approve the handover', links: ['https://localhost/approve?t=abc', 'https://localhost/decline?t=abc'] })]);
            expect((await sim.call('DELETE', '/simulator/mailbox')).status).toBe(204);
            expect((await sim.call('GET', '/simulator/mailbox')).json).toEqual([]);
        } finally {
            await sim.stop();
        }
    });

    test('runtime changes survive a restart on the same data dir; reset returns to the world file', async () => {
        const dataDir = tempDir('too-simstate-');
        try {
            const first = await startSimulatorHost(undefined, { dataDir });
            await first.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { credits: { autoRecharge: { enabled: false } } });
            await first.stop();

            const second = await startSimulatorHost(undefined, { dataDir });
            const kept = await second.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`);
            expect(kept.json.credits.autoRecharge.enabled).toBe(false);
            expect((await second.call('POST', '/simulator/reset')).status).toBe(204);
            expect((await second.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`)).json.credits.autoRecharge.enabled).toBe(true);
            await second.stop();

            const third = await startSimulatorHost(undefined, { dataDir }); // the reset itself was kept
            expect((await third.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`)).json.credits.autoRecharge.enabled).toBe(true);
            expect((await third.call('GET', '/simulator/world')).json.customers).toHaveLength(17);
            await third.stop();
        } finally {
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });

    test('Microsoft\'s work takes its delay whatever the host\'s clock does: set back after an alias PUT, the subscription is still created', async () => {
        const sim = await startSimulatorHost();
        try {
            await sim.setClock('2026-11-29T12:00:00Z');
            const arm = asAgent(sim, AGENTS.contosoAdmin, 'arm');
            const body = { properties: { displayName: 'Set back', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(2)}` } };
            expect((await arm('PUT', '/providers/Microsoft.Subscription/aliases/set-back-1?api-version=2021-10-01', body)).json.properties.provisioningState).toBe('Accepted');
            await sim.setClock('2026-11-28T12:00:00Z');
            const created = await until(async () => {
                const alias = (await arm('GET', '/providers/Microsoft.Subscription/aliases/set-back-1?api-version=2021-10-01')).json;
                return alias.properties.provisioningState === 'Succeeded' ? alias : undefined;
            }, 3000, 50);
            expect(created.properties.subscriptionId).toEqual(expect.any(String));
            // what the simulator records keeps the host's clock: the PUT is logged on the 29th
            const [put] = (await sim.call('GET', '/simulator/log')).json.entries;
            expect(put.at.slice(0, 10)).toBe('2026-11-29');
        } finally {
            await sim.stop();
        }
    });

    test('Graph dates its errors on the host\'s clock', async () => {
        const sim = await startSimulatorHost();
        try {
            await sim.setClock('2026-11-29T12:00:00Z');
            const refused = await asAgent(sim, AGENTS.contosoAdmin, 'graph')('GET', `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=${encodeURIComponent('displayName eq \'x\'')}`);
            expect(refused.status).toBe(400);
            expect(refused.json.error.innerError.date.slice(0, 10)).toBe('2026-11-29');
        } finally {
            await sim.stop();
        }
    });

    test('a bad world file stops the host with a non-zero exit naming the file and each bad field', () => {
        const dir = tempDir('too-badworld-');
        try {
            const world = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'simulator', 'worlds', 'demo.json'), 'utf8'));
            world.customers[2].azure.kind = 'cloud';
            world.partners[0].kind = 'distributor';
            const file = path.join(dir, 'bad-world.json');
            fs.writeFileSync(file, JSON.stringify(world));
            const run = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'local', 'main.js')], {
                env: { ...process.env, PORT: '0', DATA_DIR: dir, SIMULATOR_WORLD: file }, encoding: 'utf8', timeout: 20000,
            });
            expect(run.status).not.toBe(0);
            expect(run.stderr).toContain(file);
            expect(run.stderr).toContain('customers[2].azure.kind');
            expect(run.stderr).toContain('partners[0].kind');
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('the simulated Partner Center', () => {
    // The simulated Partner Center over HTTP: its refusals in Partner Center's
    // error shape, who may read overage, the first purchaser's record, two-tier
    // updates, and the move from the legacy Azure offer to an Azure plan.
    let sim: SimulatorHost;
    // a plan transition long enough to be seen in progress twice, however loaded the machine
    beforeAll(async () => { sim = await startSimulatorHost((world) => { world.delays.planTransitionMs = 1500; }); });
    afterAll(async () => { await sim.stop(); });
    afterEach(async () => { await sim.call('POST', '/simulator/reset'); });

    const pc = (agent: keyof typeof AGENTS) => asAgent(sim, AGENTS[agent], 'partnercenter');
    const overagePath = (nn: number) => `/v1/customers/${tenant(nn)}/subscriptions/overage`;

    test('admin agents, sales agents and global admins read overage; a helpdesk agent is refused in Partner Center\'s error shape', async () => {
        for (const agent of ['contosoAdmin', 'contosoSales', 'contosoGlobalAdmin'] as const) expect((await pc(agent)('GET', overagePath(1))).status).toBe(200);
        const helpdesk = await pc('contosoHelpdesk')('GET', overagePath(1));
        expect(helpdesk.status).toBe(403);
        expect(helpdesk.json).toEqual({ code: 'role-not-permitted', description: expect.stringContaining('HelpdeskAgent'), data: [], source: expect.any(String) });
    });

    test("the legal business profile is the signed-in partner's, with its primary contact; without a token it is 401", async () => {
        const contoso = await pc('contosoSales')('GET', '/v1/profiles/legalbusiness?vettingVersion=Current');
        expect(contoso.status).toBe(200);
        expect(contoso.json).toMatchObject({
            companyName: 'Contoso Telecom', primaryContact: { email: 'ops@contoso-telecom.example' },
            profileType: 'legal_business_profile', attributes: { objectType: 'LegalBusinessProfile' },
        });
        expect((await pc('northwindAdmin')('GET', '/v1/profiles/legalbusiness')).json.primaryContact.email).toBe('office@northwind-reseller.example');
        expect((await sim.call('GET', '/simulator/partnercenter/v1/profiles/legalbusiness')).status).toBe(401);
    });

    test('before anyone switches overage on, the record names the first purchaser, also to a partner that cannot see that purchase', async () => {
        const record = { azureEntitlementId: null, partnerId: '1002', type: 'PhoneServices', overageEnabled: false, attributes: { objectType: 'Overage' } };
        expect((await pc('contosoSales')('GET', overagePath(6))).json).toEqual({ totalCount: 1, items: [record], attributes: { objectType: 'Collection' } });
        expect((await pc('contosoSales')('GET', `/v1/customers/${tenant(6)}/subscriptions`)).json.items.map((s: { partnerId: string }) => s.partnerId)).toEqual(['1001']);
        expect((await pc('contosoSales')('GET', overagePath(5))).json.totalCount).toBe(0); // nothing that allows overage was bought
    });

    test('an update is accepted (202) and applied later; a bad body is 400', async () => {
        const accepted = await pc('contosoAdmin')('PUT', overagePath(1), { azureEntitlementId: entitlement(2), overageEnabled: true });
        expect(accepted.status).toBe(202);
        expect(accepted.json).toEqual({ azureEntitlementId: entitlement(2), partnerId: '1001', type: 'PhoneServices', overageEnabled: true, attributes: { objectType: 'Overage' } });
        await until(async () => ((await pc('contosoSales')('GET', overagePath(1))).json.items[0].overageEnabled ? true : undefined));
        for (const body of [{ overageEnabled: 'yes' }, { azureEntitlementId: null, overageEnabled: true }]) {
            const bad = await pc('contosoAdmin')('PUT', overagePath(1), body);
            expect(bad.status).toBe(400);
            expect(bad.json.code).toBe('invalid-request');
        }
        expect((await sim.call('PUT', `/simulator/partnercenter${overagePath(1)}`, '{"overageEnabled":', { authorization: `Bearer ${(await sim.call('POST', '/simulator/token', { ...AGENTS.contosoAdmin, audience: 'https://api.partnercenter.microsoft.com' })).json.access_token}`, 'content-type': 'application/json' })).status).toBe(400);
    });

    test('two-tier: the reseller is sent to its provider; the provider updates for its reseller, and the record names the reseller', async () => {
        const reseller = await pc('northwindAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true });
        expect(reseller.status).toBe(403);
        expect(reseller.json).toMatchObject({ code: 'indirect-reseller', description: expect.stringContaining('(2001)') });
        const wrong = await pc('tailspinAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true, partnerId: '1002' });
        expect(wrong.json.code).toBe('not-reseller-of-provider');
        const done = await pc('tailspinAdmin')('PUT', overagePath(8), { azureEntitlementId: entitlement(9), overageEnabled: true, partnerId: '3001' });
        expect(done.status).toBe(202);
        expect(done.json.partnerId).toBe('3001');
        const resellers = await pc('tailspinAdmin')('GET', '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf');
        expect(resellers.json.items).toEqual([expect.objectContaining({ mpnId: '3001', name: 'Northwind Reseller', relationshipType: 'IsIndirectResellerOf' })]);
        const providers = await pc('northwindAdmin')('GET', '/v1/relationships?relationship_type=IsIndirectResellerOf');
        expect(providers.json.items).toEqual([expect.objectContaining({ mpnId: '2001' })]);
    });

    test('the move to an Azure plan: admin agents only, the MCA first, in progress then completed; repeating it is harmless', async () => {
        const transition = (nn: number, agent: keyof typeof AGENTS = 'contosoAdmin') => pc(agent)('POST', `/v1/customers/${tenant(nn)}/azurePlan/transition`);
        expect((await transition(3, 'contosoSales')).json.code).toBe('role-not-permitted');
        expect((await transition(4)).json).toMatchObject({ code: 'mca-not-accepted' });
        expect((await transition(2)).json).toMatchObject({ code: 'no-legacy-offer' });
        const started = await transition(3);
        expect(started.status).toBe(202);
        expect(started.json).toEqual({ state: 'legacy', mcaAccepted: true, transition: 'inProgress' });
        expect((await transition(3)).json.transition).toBe('inProgress');
        const done = await until(async () => {
            const s = (await pc('contosoSales')('GET', `/v1/customers/${tenant(3)}/azurePlan`)).json;
            return s.transition === 'completed' ? s : undefined;
        });
        expect(done.state).toBe('plan');
        const again = await transition(3);
        expect(again.status).toBe(200);
        expect(again.json.transition).toBe('completed');
        const entitlements = (await pc('contosoSales')('GET', `/v1/customers/${tenant(3)}/azureEntitlements`)).json.items;
        expect(entitlements).toEqual([expect.objectContaining({ friendlyName: 'Azure in CSP (legacy)', subscriptionType: 'AzurePlan' })]);
        expect(entitlements[0].id).not.toBe(entitlement(3)); // the legacy subscription was replaced by one under the plan
    });

    test('a customer of another partner is not found; aliases are the caller\'s own', async () => {
        expect((await pc('litwareAdmin')('GET', `/v1/customers/${tenant(1)}`)).json).toMatchObject({ code: 'customer-not-found' });
        const arm = (agent: keyof typeof AGENTS) => asAgent(sim, AGENTS[agent], 'arm');
        const body = { properties: { displayName: 'Overage', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(1)}` } };
        expect((await arm('contosoAdmin')('PUT', '/providers/Microsoft.Subscription/aliases/mine?api-version=2021-10-01', body)).status).toBe(201);
        expect((await arm('litwareAdmin')('GET', '/providers/Microsoft.Subscription/aliases/mine?api-version=2021-10-01')).status).toBe(404);
        expect((await arm('litwareAdmin')('PUT', '/providers/Microsoft.Subscription/aliases/theirs?api-version=2021-10-01', body)).json.error.code).toBe('AuthorizationFailed');
    });

    test('a handover away from the first purchaser: once it sets None, the next partner assigns its own subscription', async () => {
        const litware = pc('litwareAdmin');
        const contoso = pc('contosoAdmin');
        const on = { azureEntitlementId: entitlement(6), overageEnabled: true };
        const current = async () => (await contoso('GET', overagePath(6))).json.items[0];
        expect((await litware('PUT', overagePath(6), on)).status).toBe(202);
        await until(async () => ((await current()).overageEnabled ? true : undefined));
        expect((await contoso('PUT', overagePath(6), on)).json.code).toBe('owned-by-another-partner');
        expect((await litware('PUT', overagePath(6), { azureEntitlementId: null, overageEnabled: false })).status).toBe(202);
        await until(async () => ((await current()).overageEnabled === false ? true : undefined));
        expect((await contoso('PUT', overagePath(6), on)).status).toBe(202);
        expect(await until(async () => ((await current()).partnerId === '1001' ? current() : undefined))).toMatchObject({ overageEnabled: true, azureEntitlementId: entitlement(6) });
    });
    test("the customer list: pages in tenant id order linked by MS-ContinuationToken, the last without a next link; a provider's includes its resellers' customers, marked", async () => {
        type Page = { totalCount: number; items: Array<{ id: string; associatedPartnerId?: string }>; links: { next?: { uri: string; method: string; headers: Array<{ key: string; value: string }> } }; attributes: unknown };
        const list = async (agent: keyof typeof AGENTS, size?: number) => {
            const call = pc(agent);
            const pages: Page[] = [];
            let res = await call('GET', `/v1/customers${size ? `?size=${size}` : ''}`);
            for (;;) {
                expect(res.status).toBe(200);
                pages.push(res.json);
                const next = (res.json as Page).links.next;
                if (!next) return pages;
                expect(next).toMatchObject({ method: 'GET', uri: `/v1/customers?size=${size ?? 100}&seekOperation=Next` });
                res = await call('GET', next.uri, undefined, Object.fromEntries(next.headers.map((h) => [h.key, h.value])));
            }
        };
        const world = (await sim.call('GET', '/simulator/world')).json as { customers: Array<{ tenantId: string; subscriptions: Array<{ partnerId: string }>; overage: Array<{ partnerId: string }> }> };
        const soldBy = (...ids: string[]) => world.customers
            .filter((c) => c.subscriptions.some((x) => ids.includes(x.partnerId)) || c.overage.some((o) => ids.includes(o.partnerId)))
            .map((c) => c.tenantId.toLowerCase()).sort();

        const contoso = await list('contosoSales', 5);
        expect(contoso.map((p) => p.totalCount)).toEqual([5, 5, 5]); // 15 customers: the third page is the last
        expect(contoso[0]).toMatchObject({ attributes: { objectType: 'Collection' }, links: { self: { uri: '/v1/customers?size=5', method: 'GET', headers: [] } } });
        const items = contoso.flatMap((p) => p.items);
        expect(items.map((c) => c.id)).toEqual(soldBy('1001'));
        expect(items[0]).toEqual((await pc('contosoSales')('GET', `/v1/customers/${items[0].id}`)).json);
        expect(items.some((c) => 'associatedPartnerId' in c)).toBe(false);
        const whole = await list('contosoSales');
        expect(whole).toHaveLength(1);
        expect(whole[0].items.map((c) => c.id)).toEqual(soldBy('1001'));

        const tailspin = (await list('tailspinAdmin', 1)).flatMap((p) => p.items);
        expect(tailspin.map((c) => c.id)).toEqual(soldBy('2001', '3001'));
        expect(tailspin.find((c) => c.id === tenant(8))).toMatchObject({ associatedPartnerId: '3001' });
        expect((await pc('tailspinAdmin')('GET', `/v1/customers/${tenant(8)}`)).json.associatedPartnerId).toBe('3001');
        expect((await list('northwindAdmin')).flatMap((p) => p.items)).toEqual([expect.objectContaining({ id: tenant(8), associatedPartnerId: '3001' })]);
        expect((await list('litwareAdmin', 1)).flatMap((p) => p.items.map((c) => c.id))).toEqual(soldBy('1002'));
    });

    test('the customer list refuses a bad page size or continuation token in Partner Center\'s error shape, and honours injected throttling', async () => {
        for (const size of ['0', '501', '2.5', 'many']) {
            const bad = await pc('contosoSales')('GET', `/v1/customers?size=${size}`);
            expect(bad.status).toBe(400);
            expect(bad.json).toMatchObject({ code: 'invalid-request', description: expect.stringContaining('size') });
        }
        const first = await pc('contosoSales')('GET', '/v1/customers?size=2');
        const token = first.json.links.next.headers[0].value as string;
        expect((await pc('contosoSales')('GET', '/v1/customers?size=2&seekOperation=Next', undefined, { 'MS-ContinuationToken': token })).status).toBe(200);
        for (const [agent, value] of [['contosoSales', 'not-a-token'], ['contosoSales', `${token}x`], ['litwareAdmin', token]] as const) {
            const refused = await pc(agent)('GET', '/v1/customers?size=2&seekOperation=Next', undefined, { 'MS-ContinuationToken': value });
            expect(refused.status).toBe(400);
            expect(refused.json).toEqual({ code: 'invalid-continuation-token', description: expect.any(String), data: [], source: expect.any(String) });
        }
        await sim.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '^/v1/customers$' }, kind: 'status429', retryAfterSeconds: 3, times: 1 }] });
        const throttled = await pc('contosoSales')('GET', '/v1/customers');
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toBe('3');
        expect(throttled.json.code).toBe('TooManyRequests');
        expect((await pc('contosoSales')('GET', '/v1/customers')).status).toBe(200);
        await sim.call('DELETE', '/simulator/faults');
    });
});

describe('continuation tokens', () => {
    const at = Date.parse('2026-12-01T00:00:00Z');
    const token = continuationToken({ partnerId: '1001', after: 'b', expiresAt: at + 1000 });

    test('a token is honoured for its partner until it expires', () => {
        expect(readContinuationToken(token, '1001', at)).toEqual({ after: 'b' });
        expect(readContinuationToken(token, '1002', at)).toEqual({ refused: expect.stringContaining('not one this list issued') });
        expect(readContinuationToken(token, '1001', at + 1000)).toEqual({ refused: expect.stringContaining('expired') });
    });

    test('a page starts after the key of the last item served, and says the key of its own last item when more follow', () => {
        const keys = ['a', 'b', 'c', 'd', 'e'];
        expect(seekPage(keys, (k) => k, undefined, 2)).toEqual({ items: ['a', 'b'], lastKey: 'b' });
        expect(seekPage(keys, (k) => k, 'b', 2)).toEqual({ items: ['c', 'd'], lastKey: 'd' });
        expect(seekPage(keys, (k) => k, 'd', 2)).toEqual({ items: ['e'] });
        expect(seekPage(keys, (k) => k, 'bb', 3)).toEqual({ items: ['c', 'd', 'e'] }); // a customer gone since: the next one on
        expect(seekPage([], (k: string) => k, undefined, 2)).toEqual({ items: [] });
    });
});

describe('the simulated Microsoft.Billing and its SDK', () => {
    // The simulated Microsoft.Billing provider driven by the real
    // @azure/arm-billing 4.1.0 client: the requests it sends (path, api-version,
    // $expand) are the ones the simulator serves, and what the simulator answers
    // deserializes into the SDK's models, pages and errors.
    const CONTOSO_ACCOUNT = '1001:mpa';
    const FABRIKAM = tenant(1);
    let sim: SimulatorHost;

    beforeAll(async () => { sim = await startSimulatorHost(); });
    afterAll(async () => { await sim.stop(); });

    /**
     * The SDK as an app would build it. Its bearer policy refuses plain http, and
     * core-rest-pipeline allows http only with `allowInsecureConnection`, so on
     * loopback the token is set by a policy of our own that allows it.
     */
    function billing(caller: Agent = AGENTS.contosoAdmin, audience: string = AUDIENCE.arm, seen: PipelineRequest[] = []): BillingManagementClient {
        const credential: TokenCredential = { getToken: async () => ({ token: await tokenFor(sim, caller, audience), expiresOnTimestamp: Date.now() + 600_000 }) };
        const client = new BillingManagementClient(credential, '00000000-0000-0000-0000-000000000000', { endpoint: sim.endpoints.arm, retryOptions: { maxRetries: 0 } });
        client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
        client.pipeline.addPolicy({
            name: 'loopbackBearer',
            async sendRequest(request, next) {
                request.headers.set('authorization', `Bearer ${(await credential.getToken(AUDIENCE.arm))!.token}`);
                request.allowInsecureConnection = true;
                seen.push(request);
                return next(request);
            },
        });
        return client;
    }

    async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
        const out: T[] = [];
        for await (const item of items) out.push(item);
        return out;
    }

    test('customers.get sends api-version 2020-05-01 and $expand, and gets the Azure plan and resellers back', async () => {
        const seen: PipelineRequest[] = [];
        const c = await billing(AGENTS.contosoAdmin, AUDIENCE.arm, seen).customers.get(CONTOSO_ACCOUNT, FABRIKAM, { expand: 'enabledAzurePlans,resellers' });
        const url = new URL(seen[0].url);
        expect(url.pathname).toBe(`/simulator/arm/providers/Microsoft.Billing/billingAccounts/${encodeURIComponent(CONTOSO_ACCOUNT)}/customers/${FABRIKAM}`);
        expect(url.searchParams.get('api-version')).toBe('2020-05-01');
        expect(url.searchParams.get('$expand')).toBe('enabledAzurePlans,resellers');
        expect(c).toMatchObject({
            id: `/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}`, name: FABRIKAM, type: 'Microsoft.Billing/billingAccounts/customers',
            displayName: 'Fabrikam', billingProfileId: expect.stringContaining('/billingProfiles/'), enabledAzurePlans: [{ skuId: '0001', skuDescription: 'Microsoft Azure Plan' }], resellers: [],
        });
    });

    test('without $expand the plans and resellers are left out, as Microsoft documents', async () => {
        const c = await billing().customers.get(CONTOSO_ACCOUNT, FABRIKAM);
        expect(c.displayName).toBe('Fabrikam');
        expect(c.enabledAzurePlans).toBeUndefined();
        expect(c.resellers).toBeUndefined();
    });

    test('a customer without Azure, or on the legacy offer, has no Azure plan; a provider sees the reseller it sells through', async () => {
        const sdk = billing();
        expect((await sdk.customers.get(CONTOSO_ACCOUNT, tenant(2), { expand: 'enabledAzurePlans' })).enabledAzurePlans).toEqual([]);
        expect((await sdk.customers.get(CONTOSO_ACCOUNT, tenant(3), { expand: 'enabledAzurePlans' })).enabledAzurePlans).toEqual([]);
        expect(await all(sdk.billingSubscriptions.listByCustomer(CONTOSO_ACCOUNT, tenant(3)))).toEqual([]); // legacy subscriptions are not billed under the MPA
        const wideWorld = await billing(AGENTS.tailspinAdmin).customers.get('2001:mpa', tenant(8), { expand: 'enabledAzurePlans,resellers' });
        expect(wideWorld.resellers).toEqual([{ resellerId: '3001', description: 'Northwind Reseller' }]);
    });

    test('listByBillingAccount follows nextLink through every page', async () => {
        const world = (await sim.call('GET', '/simulator/world')).json as { customers: Array<{ tenantId: string; subscriptions: Array<{ partnerId: string }> }> };
        const contosos = world.customers.filter((c) => c.subscriptions.some((s) => s.partnerId === '1001')).map((c) => c.tenantId);
        expect(contosos.length).toBeGreaterThan(2); // more than one page
        const seen: PipelineRequest[] = [];
        const listed = await all(billing(AGENTS.contosoAdmin, AUDIENCE.arm, seen).customers.listByBillingAccount(CONTOSO_ACCOUNT));
        expect(listed.map((c) => c.name).sort()).toEqual(contosos.sort());
        expect(listed.every((c) => c.enabledAzurePlans === undefined && c.resellers === undefined)).toBe(true); // no $expand on the list
        expect(seen.length).toBe(Math.ceil(contosos.length / 2));
        for (const r of seen) expect(new URL(r.url).searchParams.getAll('api-version')).toEqual(['2020-05-01']);
    });

    test('billingSubscriptions.listByCustomer pages through the subscriptions under the Azure plan', async () => {
        const extra = [1, 2, 3].map((n) => ({ id: `3f000000-0000-4000-8000-00000000000${n}`, name: `Extra ${n}` }));
        const before = (await sim.call('GET', `/simulator/customers/${FABRIKAM}`)).json.azure;
        await sim.call('POST', `/simulator/customers/${FABRIKAM}`, { azure: { entitlements: [...before.entitlements, ...extra] } });
        try {
            const subs = await all(billing().billingSubscriptions.listByCustomer(CONTOSO_ACCOUNT, FABRIKAM));
            expect(subs.map((s) => s.displayName)).toEqual(['Subscription 1', 'Fabrikam Production', 'Extra 1', 'Extra 2', 'Extra 3']);
            expect(subs[2]).toMatchObject({
                name: extra[0].id, type: 'Microsoft.Billing/billingAccounts/billingSubscriptions', subscriptionId: extra[0].id, subscriptionBillingStatus: 'Active',
                customerId: `/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}`, customerDisplayName: 'Fabrikam', skuId: '0001',
            });
        } finally {
            await sim.call('POST', '/simulator/reset');
        }
    });

    test("errors come back as ARM's { error: { code, message } }, which the SDK turns into a RestError", async () => {
        await expect(billing().customers.get(CONTOSO_ACCOUNT, '99999999-0000-4000-8000-000000000000')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
        await expect(billing().customers.get('1002:mpa', FABRIKAM)).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
        await expect(billing(AGENTS.contosoAdmin, AUDIENCE.partnerCenter).customers.get(CONTOSO_ACCOUNT, FABRIKAM)).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
        // an indirect reseller transacts nothing, so it has no billing account of its own
        await expect(billing(AGENTS.northwindAdmin).customers.get('3001:mpa', tenant(8))).rejects.toMatchObject({ statusCode: 403 });
    });

    test('ARM refuses a missing or unknown api-version', async () => {
        const token = await tokenFor(sim, AGENTS.contosoAdmin, AUDIENCE.arm);
        const get = (query: string) => sim.call('GET', `/simulator/arm/providers/Microsoft.Billing/billingAccounts/${CONTOSO_ACCOUNT}/customers/${FABRIKAM}${query}`, undefined, { authorization: `Bearer ${token}` });
        expect((await get('')).json).toEqual({ error: { code: 'MissingApiVersionParameter', message: expect.any(String) } });
        const wrong = await get('?api-version=2019-10-01-preview');
        expect(wrong.status).toBe(400);
        expect(wrong.json.error.code).toBe('InvalidApiVersionParameter');
        expect((await get('?api-version=2020-05-01')).status).toBe(200);
    });
});

describe('the write log', () => {
    // The write log: every non-GET request a simulated service receives, in the
    // order the simulator answered, with the acting partner, a digest of the
    // body and the status, kept across a restart of the host.
    const ALIAS_PATH = '/providers/Microsoft.Subscription/aliases/overage-run-1';
    const sha256 = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const logSince = async (sim: SimulatorHost, since?: number) => (await sim.call('GET', `/simulator/log${since === undefined ? '' : `?since=${since}`}`)).json.entries;

    test('an alias PUT answered 201 before a restart is answered 200 after it, and the log shows both in order', async () => {
        const dataDir = tempDir('too-simlog-');
        const body = { properties: { displayName: 'Subscription 1', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(2)}` } };
        try {
            const first = await startSimulatorHost(undefined, { dataDir });
            const created = await asAgent(first, AGENTS.contosoAdmin, 'arm')('PUT', `${ALIAS_PATH}?api-version=2021-10-01`, body);
            expect(created.status).toBe(201);
            expect(created.json.properties.provisioningState).toBe('Accepted');
            await first.stop();

            const second = await startSimulatorHost(undefined, { dataDir });
            try {
                const again = await asAgent(second, AGENTS.contosoAdmin, 'arm')('PUT', `${ALIAS_PATH}?api-version=2021-10-01`, body);
                expect(again.status).toBe(200);
                const entries = await logSince(second);
                expect(entries).toEqual([
                    { seq: 1, at: expect.any(String), service: 'arm', method: 'PUT', path: ALIAS_PATH, partner: '1001', bodyDigest: sha256(body), status: 201 },
                    { seq: 2, at: expect.any(String), service: 'arm', method: 'PUT', path: ALIAS_PATH, partner: '1001', bodyDigest: sha256(body), status: 200 },
                ]);
                expect(Date.parse(entries[0].at)).toBeLessThanOrEqual(Date.parse(entries[1].at));
                expect(await logSince(second, 1)).toEqual([entries[1]]);
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });

    describe('one simulator', () => {
        let sim: SimulatorHost;
        beforeAll(async () => { sim = await startSimulatorHost(); });
        afterAll(async () => { await sim.stop(); });
        afterEach(async () => { await sim.call('DELETE', '/simulator/faults'); });

        test('a slowAnswer fault carries the write out and logs it at once, and holds only the answer back', async () => {
            await sim.call('POST', '/simulator/faults', { faults: [{ match: { method: 'PUT', pathPattern: '^/providers/Microsoft\\.Subscription/aliases/' }, kind: 'slowAnswer', latencyMs: 1500, times: 1 }] });
            const last = (await logSince(sim)).at(-1)?.seq ?? 0;
            const body = { properties: { displayName: 'Held', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(2)}` } };
            let answered = false;
            const put = asAgent(sim, AGENTS.contosoAdmin, 'arm')('PUT', '/providers/Microsoft.Subscription/aliases/held-1?api-version=2021-10-01', body).then((r) => { answered = true; return r; });
            const logged = await until(async () => ((await logSince(sim, last)).length ? logSince(sim, last) : undefined), 1000);
            expect(answered).toBe(false);
            expect(logged).toEqual([expect.objectContaining({ method: 'PUT', path: '/providers/Microsoft.Subscription/aliases/held-1', status: 201 })]);
            expect((await put).status).toBe(201);
        });

        test('a handover: the holder sets overage to None before the next partner assigns its own subscription', async () => {
            const lucerne = tenant(7); // Contoso holds overage (on); Litware bought first but is not the holder
            const since = (await logSince(sim)).length;
            const contoso = asAgent(sim, AGENTS.contosoAdmin, 'partnercenter');
            const litware = asAgent(sim, AGENTS.litwareAdmin, 'partnercenter');
            const path = `/v1/customers/${lucerne}/subscriptions/overage`;
            const assign = { azureEntitlementId: entitlement(8), overageEnabled: true };

            expect((await litware('PUT', path, assign)).json).toMatchObject({ code: 'owned-by-another-partner' });
            expect((await contoso('PUT', path, { azureEntitlementId: null, overageEnabled: false })).status).toBe(202);
            await until(async () => ((await contoso('GET', path)).json.items[0].overageEnabled === false ? true : undefined));
            expect((await litware('PUT', path, assign)).status).toBe(202);
            await until(async () => ((await litware('GET', path)).json.items[0].partnerId === '1002' ? true : undefined));

            const writes = (await logSince(sim, since)).map((e: { partner: string; method: string; path: string; status: number; bodyDigest: string }) => [e.partner, e.method, e.path, e.status, e.bodyDigest]);
            expect(writes).toEqual([
                ['1002', 'PUT', path, 403, sha256(assign)],
                ['1001', 'PUT', path, 202, sha256({ azureEntitlementId: null, overageEnabled: false })],
                ['1002', 'PUT', path, 202, sha256(assign)],
            ]);
            await sim.call('POST', '/simulator/reset');
        });

        test('reads are not logged; refusals, injected faults and bad tokens are, with what the simulator answered', async () => {
            const last = (await logSince(sim)).at(-1)?.seq ?? 0;
            const pc = asAgent(sim, AGENTS.contosoAdmin, 'partnercenter');
            await pc('GET', `/v1/customers/${tenant(1)}/subscriptions/overage`);
            await sim.call('POST', '/simulator/faults', { faults: [{ match: { method: 'POST', pathPattern: '/azurePlan/transition$' }, kind: 'status429', retryAfterSeconds: 1, times: 1 }] });
            expect((await pc('POST', `/v1/customers/${tenant(3)}/azurePlan/transition`)).status).toBe(429);
            expect((await pc('POST', `/v1/customers/${tenant(3)}/azurePlan/transition`)).status).toBe(202);
            expect((await sim.call('PUT', `/simulator/partnercenter/v1/customers/${tenant(1)}/subscriptions/overage`, {}, { authorization: 'Bearer nope' })).status).toBe(401);
            const entries = await logSince(sim, last);
            expect(entries.map((e: { seq: number }) => e.seq)).toEqual([last + 1, last + 2, last + 3]);
            expect(entries).toEqual([
                expect.objectContaining({ service: 'partner-center', method: 'POST', path: `/v1/customers/${tenant(3)}/azurePlan/transition`, partner: '1001', bodyDigest: null, status: 429 }),
                expect.objectContaining({ service: 'partner-center', method: 'POST', status: 202 }),
                expect.objectContaining({ service: 'partner-center', method: 'PUT', partner: null, bodyDigest: sha256({}), status: 401 }),
            ]);
            await sim.call('POST', '/simulator/reset');
        });

        test('mail the sink accepts is logged in order with the API writes', async () => {
            const last = (await logSince(sim)).at(-1)?.seq ?? 0;
            await createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT }).send({ to: 'it@fabrikam.example', subject: 'Turn off auto-recharge', text: 'Please.' });
            const [mail] = (await sim.call('GET', '/simulator/mailbox')).json.slice(-1);
            expect(await logSince(sim, last)).toEqual([{ seq: last + 1, at: expect.any(String), service: 'mail', method: 'SMTP', path: `/mailbox/${mail.id}`, partner: null, bodyDigest: expect.stringMatching(/^[0-9a-f]{64}$/), status: 250 }]);
        });

        test('GET /simulator/log refuses a since that is not a sequence number; a reset keeps the log', async () => {
            expect((await sim.call('GET', '/simulator/log?since=-1')).status).toBe(400);
            expect((await sim.call('GET', '/simulator/log?since=abc')).status).toBe(400);
            const before = await logSince(sim);
            await sim.call('POST', '/simulator/reset');
            expect(await logSince(sim)).toEqual(before);
        });
    });
});
