// The parts of a bulk job below its orchestration, on the embedded store with
// a stand-in for Durable: a customer's start (joined again after a crash, the
// run started by a dead attempt launched under its claimed id, another
// request's run skipped with or without its link), a run's end as an item's
// outcome, and the roster read across its chunks (the next customers to
// start, the items pages, filtered or not).
import type { DurableClient } from 'durable-functions';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import type { StateStore } from '../../shared/adapters/state/stateStore';
import type { JobOptions } from '../../shared/core/steps/jobSteps';
import { itemsPage } from '../../shared/features/jobs/jobItems';
import { jobRunId, outcomeOf, startCustomer } from '../../shared/features/jobs/jobRuns';
import { ROSTER_CHUNK, RosterEntry, saveItem, saveRoster, StoredJob } from '../../shared/features/jobs/jobStore';
import { openRun, StoredRun } from '../../shared/features/overage/runs';
import { nextJobCustomersActivity } from '../../activities/job/nextJobCustomers';
import type { Dependencies } from '../../shared/adapters/dependencies';

const CUSTOMER = '40000000-0000-4000-8000-000000000001';
const AGENT = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent' as const] };
const OPTIONS: JobOptions = { service: 'PhoneServices', azureEntitlementId: 'new' };
const customer = { index: 3, customerTenantId: CUSTOMER, name: 'Fleet 3', resellerPartnerId: null };

/** Durable as far as a start asks it; `hang` makes the next startNew never answer (its process died). */
function durable() {
    const instances = new Map<string, { name: string; input: any }>();
    let hang = false;
    const client = {
        async startNew(name: string, o: { instanceId: string; input: unknown }) {
            if (hang) {
                hang = false;
                return new Promise<string>(() => {});
            }
            if (instances.has(o.instanceId)) throw new Error('conflict');
            instances.set(o.instanceId, { name, input: o.input });
            return o.instanceId;
        },
        async getStatus(id: string) {
            if (!instances.has(id)) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. ${id}`);
            return { instanceId: id, runtimeStatus: 'Running', lastUpdatedTime: new Date(), output: null, customStatus: null };
        },
    };
    return { client: client as unknown as DurableClient, instances, hangNext: () => { hang = true; } };
}

let store: StateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

const deps = () => ({ stateStore: store, env: {} });
const item = async (jobId: string, id = CUSTOMER) => store.read(CONTAINERS.jobItems, jobId, id);

describe('a customer\'s start', () => {
    test('starts its run with the job\'s options and key; started again (a replay, a retry) it joins that run', async () => {
        const { client, instances } = durable();
        const first = await startCustomer(deps(), client, 'enablementJob-a', AGENT, { ...OPTIONS, subscriptionName: 'Teams overage' }, { ...customer, resellerPartnerId: '3001' });
        expect(first).toEqual({ outcome: 'running', runId: expect.stringMatching(/^enableOverage-/), detail: null });
        const run = (await store.read<StoredRun>(CONTAINERS.runs, CUSTOMER, first.runId!))!;
        expect(run.request).toEqual({ service: 'PhoneServices', azureEntitlementId: 'new', subscriptionName: 'Teams overage', resellerPartnerId: '3001', jobId: 'enablementJob-a' });
        expect(run.viewers).toEqual(['1001', '3001']);
        expect(instances.get(first.runId!)!.input.request).toEqual({ service: 'PhoneServices', azureEntitlementId: 'new', subscriptionName: 'Teams overage', resellerPartnerId: '3001' });
        const again = await startCustomer(deps(), client, 'enablementJob-a', AGENT, { ...OPTIONS, subscriptionName: 'Teams overage' }, { ...customer, resellerPartnerId: '3001' });
        expect(again).toEqual(first);
        expect(instances.size).toBe(1);
        expect(await item('enablementJob-a')).toMatchObject({ seq: 3, chunk: 0, name: 'Fleet 3', outcome: 'running', run: { id: first.runId, customerTenantId: CUSTOMER } });
    });

    test('an attempt that died after claiming the customer and before starting the run: the next attempt starts that run, under its id', async () => {
        const { client, instances, hangNext } = durable();
        hangNext();
        void startCustomer(deps(), client, 'enablementJob-b', AGENT, OPTIONS, customer); // never answers: its process was killed
        await new Promise((r) => setTimeout(r, 50));
        const claimed = await store.query<StoredRun>(CONTAINERS.runs, { partitionKey: CUSTOMER });
        expect(claimed).toHaveLength(1);
        expect(instances.size).toBe(0);
        const retried = await startCustomer(deps(), client, 'enablementJob-b', AGENT, OPTIONS, customer);
        expect(retried).toEqual({ outcome: 'running', runId: claimed[0].id, detail: null });
        expect([...instances.keys()]).toEqual([claimed[0].id]);
        expect(instances.get(claimed[0].id)!.input).toMatchObject({ customerTenantId: CUSTOMER, caller: AGENT, viewers: ['1001'], request: OPTIONS });
        expect(await store.query(CONTAINERS.runs, { partitionKey: CUSTOMER })).toHaveLength(1);
    });

    test('a claim an attempt left behind when its host died, before or after it held the lock: claimed again under the same id, never a second run', async () => {
        const { client, instances } = durable();
        const id = jobRunId('enablementJob-e', CUSTOMER);
        // died after writing the run and before taking the lock
        await store.create<Partial<StoredRun> & { id: string }>(CONTAINERS.runs, CUSTOMER, {
            id, customerTenantId: CUSTOMER, service: 'PhoneServices', kind: 'enable', orchestration: 'enableOverage', partnerId: '1001', requestedBy: AGENT.upn,
            viewers: ['1001'], request: { ...OPTIONS, jobId: 'enablementJob-e' }, fingerprint: 'whatever an earlier attempt wrote', state: 'running', startedAt: '2026-11-01T00:00:00.000Z',
        });
        const first = await startCustomer(deps(), client, 'enablementJob-e', AGENT, OPTIONS, customer);
        expect(first).toEqual({ outcome: 'running', runId: id, detail: null });
        expect([...instances.keys()]).toEqual([id]);
        expect((await store.query(CONTAINERS.runs, { partitionKey: CUSTOMER })).map((r) => r.id)).toEqual([id]);
        expect(await store.read(CONTAINERS.runLocks, CUSTOMER, 'PhoneServices')).toMatchObject({ runId: id });

        // died after taking the lock and before starting the run, long enough ago for the claim to look stale
        const other = '40000000-0000-4000-8000-000000000009';
        const staleId = jobRunId('enablementJob-e', other);
        await store.create<Partial<StoredRun> & { id: string }>(CONTAINERS.runs, other, {
            id: staleId, customerTenantId: other, service: 'PhoneServices', kind: 'enable', orchestration: 'enableOverage', partnerId: '1001', requestedBy: AGENT.upn,
            viewers: ['1001'], request: { ...OPTIONS, jobId: 'enablementJob-e' }, fingerprint: 'f', state: 'running', startedAt: '2020-01-01T00:00:00.000Z',
        });
        await store.create(CONTAINERS.runLocks, other, { id: 'PhoneServices', runId: staleId });
        const second = await startCustomer(deps(), client, 'enablementJob-e', AGENT, OPTIONS, { ...customer, customerTenantId: other });
        expect(second).toEqual({ outcome: 'running', runId: staleId, detail: null });
        expect(instances.has(staleId)).toBe(true);
        expect(await store.read(CONTAINERS.runs, other, staleId)).toMatchObject({ state: 'running' });
        expect(await store.read(CONTAINERS.runLocks, other, 'PhoneServices')).toMatchObject({ runId: staleId });
        expect(await store.query(CONTAINERS.runs, { partitionKey: other })).toHaveLength(1);
    });

    test('another request\'s run holds the customer: skipped, with the link when it is the partner\'s own, without it when another partner\'s', async () => {
        const { client } = durable();
        const open = (partnerId: string) => openRun({
            client, store, kind: 'enable', orchestration: 'enableOverage', customerTenantId: CUSTOMER, service: 'PhoneServices',
            partnerId, upn: 'x@example.com', viewers: [partnerId], request: OPTIONS, input: {},
        });
        const own = await open('1001');
        const skipped = await startCustomer(deps(), client, 'enablementJob-c', AGENT, OPTIONS, customer);
        expect(skipped).toEqual({ outcome: 'skipped', runId: own.run.id, detail: expect.stringContaining(`run-in-progress: run ${own.run.id} of your partner`) });
        expect(await item('enablementJob-c')).toMatchObject({ outcome: 'skipped', run: { id: own.run.id } });

        const other = '40000000-0000-4000-8000-000000000002';
        const theirs = await openRun({
            client, store, kind: 'enable', orchestration: 'enableOverage', customerTenantId: other, service: 'PhoneServices',
            partnerId: '1002', upn: 'x@example.com', viewers: ['1002'], request: OPTIONS, input: {},
        });
        const hidden = await startCustomer(deps(), client, 'enablementJob-c', AGENT, OPTIONS, { ...customer, customerTenantId: other });
        expect(hidden).toEqual({ outcome: 'skipped', runId: null, detail: expect.stringContaining('another partner') });
        expect(JSON.stringify(await item('enablementJob-c', other))).not.toContain(theirs.run.id);
    });

    test('a fault while starting fails the customer, not the job', async () => {
        const client = { startNew: async () => { throw new Error('the task hub is unreachable'); }, getStatus: async () => { throw new Error('HTTP 404'); } } as unknown as DurableClient;
        const logged: string[] = [];
        const failed = await startCustomer(deps(), client, 'enablementJob-d', AGENT, OPTIONS, customer, (line) => logged.push(line));
        // the item says what a partner may read; the log has the whole story
        expect(failed).toEqual({ outcome: 'failed', runId: null, detail: 'internal-error: The operation failed on our side.' });
        expect(logged).toEqual([expect.stringContaining('the task hub is unreachable')]);
        expect(await item('enablementJob-d')).toMatchObject({ outcome: 'failed', run: null });
    });
});

describe('a run\'s end as an item\'s outcome', () => {
    const run = (ended: StoredRun['ended']): StoredRun => ({
        id: 'r', customerTenantId: CUSTOMER, service: 'PhoneServices', kind: 'enable', orchestration: 'enableOverage', partnerId: '1001', requestedBy: 'a@b.c',
        viewers: ['1001'], request: {}, fingerprint: 'f', state: ended ? 'ended' : 'running', startedAt: '2026-11-01T00:00:00.000Z', ended,
    });
    const at = '2026-11-01T00:01:00.000Z';
    const finding = (code: string) => ({ code, detail: 'd', remedy: 'r' });

    test.each([
        ['enabled, with its warnings', { status: 'completed', at, by: 'run', outcome: { result: 'enabled', warnings: [finding('auto-recharge-on'), finding('credits-drain-first')], postpaidActive: false } }, { outcome: 'enabled', detail: 'auto-recharge-on, credits-drain-first' }],
        ['enabled', { status: 'completed', at, by: 'run', outcome: { result: 'enabled', postpaidActive: true } }, { outcome: 'enabled', detail: null }],
        ['blocked', { status: 'completed', at, by: 'run', outcome: { result: 'blocked', blockers: [finding('gdap-missing'), finding('location-policy-blocked')] } }, { outcome: 'blocked', detail: 'gdap-missing, location-policy-blocked' }],
        ['refused', { status: 'completed', at, by: 'run', outcome: { result: 'refused', blockers: [finding('owned-by-another-partner')] } }, { outcome: 'refused', detail: 'owned-by-another-partner' }],
        ['failed', { status: 'failed', at, by: 'run', fault: { code: 'upstream-timeout', detail: 'Partner Center did not answer.', remedy: 'Later.' } }, { outcome: 'failed', detail: 'upstream-timeout: Partner Center did not answer.' }],
        ['cancelled', { status: 'cancelled', at, by: 'cancel', cancelledBy: 'admin@contoso-telecom.example' }, { outcome: 'skipped', detail: 'run cancelled by admin@contoso-telecom.example' }],
    ] as const)('%s', (_name, ended, expected) => {
        expect(outcomeOf(run(ended as StoredRun['ended']))).toEqual(expected);
    });

    test('still running: no outcome yet', () => {
        expect(outcomeOf(run(undefined))).toBeUndefined();
    });
});

describe('the roster across its chunks', () => {
    const TOTAL = ROSTER_CHUNK * 2 + 500;
    const tenant = (i: number) => `40000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    /** Every 7th customer unknown to the fleet view; 0..1199 started, every 3rd of them blocked, the rest enabled. */
    const entries: RosterEntry[] = Array.from({ length: TOTAL }, (_, i) => ({ id: tenant(i), name: `C ${i}`, reseller: null, known: i % 7 !== 6 }));
    const job = (over: Partial<StoredJob> = {}): StoredJob => ({
        id: 'enablementJob-r', kind: 'enablement', partnerId: '1001', status: 'running', total: TOTAL,
        counts: { queued: 0, running: 0, enabled: 0, blocked: 0, refused: 0, failed: 0, skipped: 0 }, request: { ...OPTIONS, customers: TOTAL },
        requestedBy: AGENT.upn, caller: AGENT, concurrency: 8, pollMs: 100, fingerprint: 'f', roster: { id: 'r1', chunks: 3 },
        startedAt: '2026-11-01T00:00:00.000Z', endedAt: null, cancel: null, skippedFrom: null, error: null, ...over,
    });

    beforeEach(async () => {
        await store.create(CONTAINERS.jobs, '1001', job());
        await saveRoster(store, job(), entries);
        for (let i = 0; i < 1200; i++) {
            if (!entries[i].known) continue;
            await saveItem(store, { jobId: 'enablementJob-r', seq: i, customerTenantId: tenant(i), name: `C ${i}`, outcome: i % 3 === 0 ? 'blocked' : 'enabled', run: { id: `run-${i}`, customerTenantId: tenant(i) }, detail: null });
        }
    });

    test('the next customers to start pass over the unknown ones and go on across a chunk\'s end', async () => {
        const next = (from: number, count: number) => nextJobCustomersActivity.handler({ jobId: 'enablementJob-r', partnerId: '1001', from, count }, { stateStore: store } as unknown as Dependencies, undefined as never);
        const a = await next(995, 8);
        expect(a.customers.map((c) => c.index)).toEqual([995, 996, 997, 998, 999, 1001, 1002, 1003]); // 1000 is unknown
        expect(a.next).toBe(1004);
        expect(a.customers[0]).toEqual({ index: 995, customerTenantId: tenant(995), name: 'C 995', resellerPartnerId: null });
        const end = await next(TOTAL - 3, 8);
        expect(end.customers.map((c) => c.index)).toEqual([TOTAL - 3, TOTAL - 2, TOTAL - 1].filter((i) => i % 7 !== 6));
        expect(end.next).toBe(TOTAL);
    });

    test('pages in the job\'s order, each customer once: items once started, refused when unknown, queued after that', async () => {
        const seen: Array<{ customerTenantId: string; outcome: string }> = [];
        let from: number | null = 0;
        while (from !== null) {
            const page = await itemsPage(store, job(), from, 450);
            seen.push(...page.items);
            from = page.next;
        }
        expect(seen.map((i) => i.customerTenantId)).toEqual(entries.map((e) => e.id));
        const expected = (i: number) => (!entries[i].known ? 'refused' : i >= 1200 ? 'queued' : i % 3 === 0 ? 'blocked' : 'enabled');
        expect(seen.map((i) => i.outcome)).toEqual(entries.map((_, i) => expected(i)));
    });

    test('filtered by outcome, across chunks; a cancelled job\'s customers not started are skipped', async () => {
        const blocked = await itemsPage(store, job(), 0, 1000, 'blocked');
        expect(blocked.items).toHaveLength(Array.from({ length: 1200 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 7 !== 6).length);
        expect(blocked.next).toBeNull();
        const queued = await itemsPage(store, job(), 0, 10, 'queued');
        expect(queued.items[0].customerTenantId).toBe(tenant(1200));
        expect(queued.next).toBe(1212); // 1200..1211, two of them (1203, 1210) unknown
        const cancelled = job({ status: 'cancelled', skippedFrom: 1200, cancel: { at: '2026-11-01T00:05:00.000Z', by: AGENT.upn } });
        const skipped = await itemsPage(store, cancelled, 0, 3, 'skipped');
        expect(skipped.items).toEqual([1200, 1201, 1202].map((i) => ({ customerTenantId: tenant(i), name: `C ${i}`, outcome: 'skipped', run: null, detail: 'job cancelled', at: '2026-11-01T00:05:00.000Z' })));
        expect((await itemsPage(store, cancelled, 0, 10, 'queued')).items).toEqual([]);
    });
});
