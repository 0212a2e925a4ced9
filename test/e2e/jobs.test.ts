// Bulk enablement jobs end to end through the local host and the simulator,
// on one host: a job of 50 named customers (and two the fleet view does not
// know) with every outcome, one of them skipped because a run of its own
// holds it; the job resource, its items in the job's order and paged; the
// same Idempotency-Key; a filter; a cancel; the bulk Service Bus message;
// an indirect provider acting for its reseller; another partner seeing
// nothing. The fleet view's readiness documents are written through the
// store (the readiness sync is not there to fill them).
import { CONTAINERS } from '../../shared/adapters/state/containers';
import type { StoredRun } from '../../shared/features/overage/runs';
import { saveReadiness } from '../../shared/features/readiness/readinessStore';
import { LocalQueueSender } from '../../shared/adapters/messaging/localQueueSender';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { appStateStore, freshAppHost } from '../helpers/freshHost';
import { fleetCustomers, Kind, readinessDoc, saveFleet, withFleet } from '../helpers/jobWorld';
import { until } from '../helpers/wait';

const CONCURRENCY = 6;
/** The job's 50: 34 that get overage, 10 blocked (no GDAP), 5 not eligible, and one whose own run waits for auto-recharge to be turned off. */
const kindOf = (i: number): Kind => (i === 0 ? 'auto-recharge' : i % 10 < 7 ? 'enabled' : i % 10 < 9 ? 'blocked' : 'refused');
const FLEET = fleetCustomers(0, 50, kindOf);
/** Customers of a job that is cancelled at once. */
const SPARE = fleetCustomers(100, 24, () => 'enabled');
const UNKNOWN = ['4fffffff-0000-4000-8000-000000000001', '4fffffff-0000-4000-8000-000000000002'];

describe('bulk enablement jobs', () => {
    let app: AppHost;
    beforeAll(async () => {
        process.env.JOB_CONCURRENCY = String(CONCURRENCY);
        process.env.JOB_POLL_MS = '100';
        app = await freshAppHost({ edit: (world) => withFleet(world, [...FLEET, ...SPARE]) });
        const store = appStateStore();
        await saveFleet(store, '1001', [...FLEET, ...SPARE]);
        // Tailspin (an indirect provider) sees Wide World Importers, sold through its reseller Northwind (3001)
        await saveReadiness(store, readinessDoc('2001', { tenantId: CUSTOMERS.wideWorld, name: 'Wide World Importers', kind: 'enabled' }, '3001'));
    });
    afterAll(async () => {
        await app.stop();
        delete process.env.JOB_CONCURRENCY;
        delete process.env.JOB_POLL_MS;
    });

    const admin = () => app.as('contosoAdmin');
    const path = (url: string) => new URL(url).pathname;

    /** Follows a job to its end; returns it, with the most runs it had in flight at once. */
    async function ended(jobUrl: string, agent: Parameters<AppHost['as']>[0] = 'contosoAdmin', ms = 90_000) {
        let maxRunning = 0;
        const job = await until(async () => {
            const res = await app.as(agent)('GET', path(jobUrl));
            maxRunning = Math.max(maxRunning, res.json.counts.running);
            return ['completed', 'cancelled', 'failed'].includes(res.json.status) ? res.json : undefined;
        }, ms, 150);
        return { job, maxRunning };
    }

    async function allItems(jobUrl: string, query = '', limit = 20) {
        const items: any[] = [];
        let token: string | null = null;
        let pages = 0;
        do {
            const res = await admin()('GET', `${path(jobUrl)}/items?limit=${limit}${query}${token ? `&continuationToken=${token}` : ''}`);
            expect(res.status).toBe(200);
            items.push(...res.json.items);
            token = res.json.continuationToken;
            pages++;
        } while (token);
        return { items, pages };
    }

    /** The runs the job started for a customer, read in the overage-runs container. */
    const runsOfJob = async (customer: string, jobId: string) =>
        (await appStateStore().query<StoredRun>(CONTAINERS.runs, { partitionKey: customer })).filter((r) => r.request.jobId === jobId);

    let mainJob: { url: string; id: string } | undefined;

    test('a job of 50 named customers: each run once, at most JOB_CONCURRENCY at a time; every outcome counted; items in the order named', async () => {
        // a run of the partner's own already holds the auto-recharge customer (it waits for the customer to turn auto-recharge off)
        const busy = await app.enable(FLEET[0].tenantId, { azureEntitlementId: 'new', waitForAutoRechargeOff: true });
        expect(busy.status).toBe(202);
        await until(async () => ((await admin()('GET', path(busy.headers.get('location')!))).json.waitingFor ? true : undefined), 15_000);

        const named = [...FLEET.slice(0, 5).map((c) => c.tenantId), UNKNOWN[0], ...FLEET.slice(5, 30).map((c) => c.tenantId), UNKNOWN[1], ...FLEET.slice(30).map((c) => c.tenantId), FLEET[7].tenantId.toUpperCase()];
        const res = await admin()('POST', '/api/jobs/enablements', { customers: named, subscriptionName: 'Teams overage' }, { 'idempotency-key': 'fleet-2026-11' });
        expect(res.status).toBe(202);
        expect(res.headers.get('location')).toBe(res.json.links.self);
        expect(res.json).toMatchObject({
            kind: 'enablement', status: 'queued', total: 52, joined: false, requestedBy: 'admin@contoso-telecom.example', endedAt: null,
            counts: { queued: 50, running: 0, enabled: 0, blocked: 0, refused: 2, failed: 0, skipped: 0 },
            request: { service: 'PhoneServices', azureEntitlementId: 'new', subscriptionName: 'Teams overage', customers: 52 },
            links: { items: `${res.json.links.self}/items` },
        });
        mainJob = { url: res.headers.get('location')!, id: res.json.id };

        // the same key and body: the same job; the same key with another body: refused
        const again = await admin()('POST', '/api/jobs/enablements', { customers: named, subscriptionName: 'Teams overage' }, { 'idempotency-key': 'fleet-2026-11' });
        expect([again.status, again.json.id, again.json.joined]).toEqual([202, mainJob.id, true]);
        const other = await admin()('POST', '/api/jobs/enablements', { customers: named.slice(1) }, { 'idempotency-key': 'fleet-2026-11' });
        expect([other.status, other.json.code, other.json.jobId]).toEqual([409, 'idempotency-key-reused', mainJob.id]);

        const { job, maxRunning } = await ended(mainJob.url);
        expect(job).toMatchObject({ status: 'completed', total: 52, counts: { queued: 0, running: 0, enabled: 34, blocked: 10, refused: 7, failed: 0, skipped: 1 } });
        expect(job.endedAt).toEqual(expect.any(String));
        expect(maxRunning).toBeLessThanOrEqual(CONCURRENCY);

        // the items, in the order named (duplicates dropped), paged
        const { items, pages } = await allItems(mainJob.url);
        expect(pages).toBe(3);
        expect(items.map((i) => i.customerTenantId)).toEqual(named.slice(0, 52));
        const byId = new Map(items.map((i) => [i.customerTenantId, i]));
        for (const id of UNKNOWN) expect(byId.get(id)).toMatchObject({ outcome: 'refused', name: null, run: null, detail: expect.stringContaining('customer-not-found') });
        expect(byId.get(FLEET[0].tenantId)).toMatchObject({ outcome: 'skipped', run: { id: busy.json.id, href: busy.headers.get('location') }, detail: expect.stringContaining('run-in-progress') });
        for (const c of FLEET.slice(1)) {
            const item = byId.get(c.tenantId);
            const expected = { enabled: 'enabled', blocked: 'blocked', refused: 'refused' }[c.kind as 'enabled' | 'blocked' | 'refused'];
            expect([c.name, item.outcome, item.name]).toEqual([c.name, expected, c.name]);
            expect(item.run.href).toContain(`/api/customers/${c.tenantId}/overage/runs/`);
            if (c.kind === 'blocked') expect(item.detail).toBe('gdap-missing');
            if (c.kind === 'refused') expect(item.detail).toBe('not-eligible');
        }
        // an item's run is the partner's run, as the runs API shows it
        const sample = byId.get(FLEET[1].tenantId);
        const run = await admin()('GET', path(sample.run.href));
        expect(run.json).toMatchObject({ id: sample.run.id, status: 'completed', result: 'enabled', request: { azureEntitlementId: 'new', subscriptionName: 'Teams overage', jobId: mainJob.id } });

        // exactly one run of the job per customer (none for the one its own run held), and one new subscription each
        for (const c of FLEET) expect([c.name, (await runsOfJob(c.tenantId, mainJob.id)).length]).toEqual([c.name, c.kind === 'auto-recharge' ? 0 : 1]);
        for (const c of FLEET.filter((x) => x.kind === 'enabled')) {
            const sim = (await app.call('GET', `/simulator/customers/${c.tenantId}`)).json;
            expect([c.name, sim.azure.entitlements.map((e: { name: string }) => e.name)]).toEqual([c.name, ['Subscription 1', 'Teams overage']]);
            expect(sim.overage).toEqual([expect.objectContaining({ partnerId: '1001', overageEnabled: true })]);
        }
    }, 180_000); // 50 runs end to end: about 20 s on an idle machine, far more on a loaded one

    test('items filtered by outcome, in the job\'s order; bad queries are problems', async () => {
        const blocked = await allItems(mainJob!.url, '&outcome=blocked', 4);
        expect(blocked.items.map((i) => i.outcome)).toEqual(Array(10).fill('blocked'));
        expect(blocked.items.map((i) => i.customerTenantId)).toEqual(FLEET.filter((c) => c.kind === 'blocked').map((c) => c.tenantId));
        expect((await allItems(mainJob!.url, '&outcome=queued')).items).toEqual([]);
        for (const q of ['?outcome=done', '?limit=0', '?limit=501', '?continuationToken=abc']) {
            const res = await admin()('GET', `${path(mainJob!.url)}/items${q}`);
            expect([q, res.status, res.json.code]).toEqual([q, 400, 'invalid-request']);
        }
    });

    test('a filter resolved from the fleet view: the blocked customers, in name order', async () => {
        const res = await admin()('POST', '/api/jobs/enablements', { filter: { state: 'blocked' } });
        expect(res.status).toBe(202);
        expect(res.json).toMatchObject({ total: 10, request: { filter: { state: 'blocked' }, azureEntitlementId: 'new' } });
        const { job } = await ended(res.headers.get('location')!);
        expect(job.counts).toEqual({ queued: 0, running: 0, enabled: 0, blocked: 10, refused: 0, failed: 0, skipped: 0 });
        const { items } = await allItems(res.headers.get('location')!);
        expect(items.map((i) => i.name)).toEqual(FLEET.filter((c) => c.kind === 'blocked').map((c) => c.name).sort());
    });

    test('bad requests: problem details with a stable code and a remedy, nothing made', async () => {
        const before = (await admin()('GET', '/api/jobs?limit=100')).json.totalCount;
        const cases: Array<[unknown, number, string]> = [
            [{}, 400, 'invalid-request'],
            [{ customers: [FLEET[1].tenantId], filter: { state: 'ready' } }, 400, 'invalid-request'],
            [{ customers: [] }, 400, 'invalid-request'],
            [{ customers: ['not-a-guid'] }, 400, 'invalid-request'],
            [{ filter: { state: 'ready' }, azureEntitlementId: '30000000-0000-4000-8000-000000000002' }, 400, 'invalid-request'],
            [{ filter: { state: 'sleeping' } }, 400, 'invalid-request'],
            [{ filter: { q: 'no customer is called this' } }, 422, 'job-empty'],
        ];
        for (const [body, status, code] of cases) {
            const res = await admin()('POST', '/api/jobs/enablements', body);
            expect([JSON.stringify(body), res.status, res.headers.get('content-type'), res.json.code]).toEqual([JSON.stringify(body), status, 'application/problem+json', code]);
            expect(res.json.remedy).toEqual(expect.any(String));
        }
        const single = await admin()('POST', '/api/jobs/enablements', { filter: { state: 'ready' }, azureEntitlementId: '30000000-0000-4000-8000-000000000002' });
        expect(single.json.issues).toEqual([expect.objectContaining({ path: 'azureEntitlementId', message: expect.stringContaining('one subscription for many customers') })]);
        const tooMany = await admin()('POST', '/api/jobs/enablements', { customers: Array.from({ length: 10_001 }, (_, i) => `40000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`) });
        expect([tooMany.status, tooMany.json.code]).toEqual([400, 'invalid-request']);
        expect((await app.as('contosoSales')('POST', '/api/jobs/enablements', { filter: { state: 'ready' } })).json.code).toBe('role-not-permitted');
        expect((await app.call('POST', '/api/jobs/enablements', { filter: { state: 'ready' } })).status).toBe(401);
        expect((await admin()('POST', '/api/jobs/enablements', { filter: { state: 'ready' } }, { 'idempotency-key': '\u00e9' })).json.code).toBe('invalid-idempotency-key');
        expect((await admin()('GET', '/api/jobs?limit=100')).json.totalCount).toBe(before);
    });

    test('cancel: nothing more starts, what had not started is skipped, the started runs finish; a second cancel answers the same, an ended job 409', async () => {
        const res = await admin()('POST', '/api/jobs/enablements', { customers: SPARE.map((c) => c.tenantId) });
        expect(res.status).toBe(202);
        const url = res.headers.get('location')!;
        // once runs are under way
        await until(async () => ((await admin()('GET', path(url))).json.counts.running > 0 ? true : undefined), 15_000, 20);
        const cancelled = await admin()('DELETE', path(url));
        expect(cancelled.status).toBe(202);
        expect(cancelled.json).toMatchObject({ id: res.json.id, status: 'cancelling', cancelled: { by: 'admin@contoso-telecom.example', at: expect.any(String) } });
        expect((await admin()('DELETE', path(url))).status).toBe(202);
        const { job } = await ended(url);
        expect(job.status).toBe('cancelled');
        const { counts } = job;
        expect(counts.queued + counts.running).toBe(0);
        expect(counts.enabled).toBeGreaterThan(0);
        expect(counts.skipped).toBeGreaterThan(0);
        expect(counts.enabled + counts.skipped).toBe(SPARE.length);
        const { items } = await allItems(url);
        const skipped = items.filter((i) => i.outcome === 'skipped');
        expect(skipped.every((i) => i.detail === 'job cancelled' && i.run === null)).toBe(true);
        // only the customers that started have a run, and each ran to its end
        const store = appStateStore();
        const runs = (await Promise.all(SPARE.map(async (c) => store.query<StoredRun>(CONTAINERS.runs, { partitionKey: c.tenantId })))).flat();
        expect(runs.filter((r) => r.request.jobId === res.json.id).map((r) => r.state)).toEqual(Array(counts.enabled).fill('ended'));
        expect((await admin()('DELETE', path(url))).json.code).toBe('job-ended');
    });

    test('a bulk Service Bus message makes a job through the same code; a redelivery finds it rather than making another', async () => {
        const identity = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };
        const sender = new LocalQueueSender(app.url, app.host.systemKey);
        const message = { body: { filter: { state: 'not-eligible' } }, messageId: 'fleet-bulk-1', applicationProperties: identity };
        await sender.send('overage-enablement-requests', [message]);
        const logged = await until(() => app.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('Enablement job request fleet-bulk-1')));
        const jobId = /job (enablementJob-[0-9a-f]+)/.exec(String(logged.message))![1];
        await sender.send('overage-enablement-requests', [message]);
        await until(() => (app.logs.filter((l) => typeof l.message === 'string' && l.message.startsWith('Enablement job request fleet-bulk-1')).length === 2 ? true : undefined));
        expect(app.logs.filter((l) => typeof l.message === 'string' && l.message.startsWith('Enablement job request fleet-bulk-1')).map((l) => /\((\w+),/.exec(String(l.message))![1])).toEqual(['created', 'joined']);
        const { job } = await ended(`${app.url}/api/jobs/${jobId}`);
        expect(job).toMatchObject({ total: 5, counts: { refused: 5 }, request: { filter: { state: 'not-eligible' } } });
        const jobs = (await admin()('GET', '/api/jobs')).json.items;
        expect(jobs.filter((j: { request: { filter?: { state: string } } }) => j.request.filter?.state === 'not-eligible')).toHaveLength(1);
        // newest first
        expect(jobs[0].id).toBe(jobId);
        // a single-customer message works as before
        await sender.send('overage-enablement-requests', [{ body: { customerTenantId: FLEET[2].tenantId, service: 'PhoneServices', azureEntitlementId: 'new' }, messageId: 'single-1', applicationProperties: identity }]);
        await until(() => app.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('Enablement request single-1')));
    });

    test('an indirect provider\'s job passes each customer\'s reseller to its run', async () => {
        const tailspin = app.as('tailspinAdmin');
        const res = await tailspin('POST', '/api/jobs/enablements', { customers: [CUSTOMERS.wideWorld] });
        expect(res.status).toBe(202);
        const { job } = await ended(res.headers.get('location')!, 'tailspinAdmin');
        expect(job.counts).toMatchObject({ enabled: 1 });
        const items = (await tailspin('GET', `${path(res.headers.get('location')!)}/items`)).json.items;
        const run = (await tailspin('GET', path(items[0].run.href))).json;
        expect(run).toMatchObject({ result: 'enabled', request: { resellerPartnerId: '3001', jobId: res.json.id } });
        const sim = (await app.call('GET', `/simulator/customers/${CUSTOMERS.wideWorld}`)).json;
        expect(sim.overage).toEqual([expect.objectContaining({ partnerId: '3001', overageEnabled: true })]);
    });

    test('another partner sees none of it: 404 job-not-found, never 403, and its list does not hold it', async () => {
        const litware = app.as('litwareAdmin');
        for (const [method, p] of [['GET', path(mainJob!.url)], ['GET', `${path(mainJob!.url)}/items`], ['DELETE', path(mainJob!.url)]] as const) {
            const res = await litware(method, p);
            expect([method, p, res.status, res.json.code]).toEqual([method, p, 404, 'job-not-found']);
        }
        expect((await litware('GET', '/api/jobs')).json.items.map((j: { id: string }) => j.id)).not.toContain(mainJob!.id);
        expect((await admin()('GET', '/api/jobs/enablementJob-0000')).json.code).toBe('job-not-found');
        expect((await admin()('GET', `${path(mainJob!.url)}/other`)).status).toBe(404);
        // a sales agent may read its partner's job, not cancel it
        expect((await app.as('contosoSales')('GET', path(mainJob!.url))).status).toBe(200);
        expect((await app.as('contosoSales')('DELETE', path(mainJob!.url))).json.code).toBe('role-not-permitted');
    });
});
