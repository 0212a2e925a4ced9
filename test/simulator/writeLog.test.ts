// The write log: every non-GET request a simulated service receives, in the
// order the simulator answered, with the acting partner, a digest of the
// body and the status, kept across a restart of the host.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createMailer } from '../../shared/adapters/mail/mailers';
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { AGENTS, asAgent, entitlement, tenant } from './support';

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
