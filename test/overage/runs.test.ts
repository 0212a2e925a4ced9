// The run lock of shared/features/overage/runs.ts on the embedded store, with a
// stand-in for Durable that keeps instances in a map (started, then ended by
// the test): one run per customer and service, whatever the interleaving.
import type { DurableClient } from 'durable-functions';
import { endRun, openRun, RunRequest, STALE_CLAIM_MS } from '../../shared/features/overage/runs';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import type { StateStore } from '../../shared/adapters/state/stateStores';

const CUSTOMER = '10000000-0000-4000-8000-000000000001';

/** Durable as far as runs.ts asks it: instances start, and the test ends them. */
function durable() {
    const instances = new Map<string, string>();
    const client = {
        async startNew(_name: string, o: { instanceId: string }) {
            if (instances.get(o.instanceId) === 'Running') throw new Error('conflict');
            instances.set(o.instanceId, 'Running');
            return o.instanceId;
        },
        async getStatus(id: string) {
            const runtimeStatus = instances.get(id);
            if (!runtimeStatus) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. ${id}`);
            return { instanceId: id, runtimeStatus, lastUpdatedTime: new Date(), output: null, customStatus: null };
        },
    };
    return { client: client as unknown as DurableClient, instances };
}

let store: StateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

const request = (client: DurableClient, over: Partial<RunRequest> = {}): RunRequest => ({
    client, store, kind: 'enable', orchestration: 'enableOverage', customerTenantId: CUSTOMER, service: 'PhoneServices',
    partnerId: '1001', upn: 'admin@contoso-telecom.example', viewers: ['1001'], request: { azureEntitlementId: 'new' }, input: {}, ...over,
});

test('of 50 concurrent starts, one starts; the same request joins, others are told the run in progress', async () => {
    const { client } = durable();
    const asked = Array.from({ length: 50 }, (_, i) => ({ azureEntitlementId: i % 5 === 4 ? 'other' : 'new' }));
    const outcomes = await Promise.all(asked.map((r) => openRun(request(client, { request: r }))));
    expect(outcomes.filter((o) => o.outcome === 'started')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.run.id)).size).toBe(1);
    const won = outcomes.findIndex((o) => o.outcome === 'started');
    outcomes.forEach((o, i) => {
        if (i !== won) expect(o.outcome).toBe(asked[i].azureEntitlementId === asked[won].azureEntitlementId ? 'joined' : 'in-progress');
    });
    expect(await store.query(CONTAINERS.runs)).toHaveLength(1); // the losers' run documents are gone
});

test('a lock freed between the read and the write (its run just ended) is taken again, not a fault', async () => {
    const { client, instances } = durable();
    const first = await openRun(request(client));
    instances.set(first.run.id, 'Completed');
    // the holder's end deletes the lock right after a new start has read it
    const slow: StateStore = Object.create(store);
    slow.replace = async <T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: { ifMatch?: string }) => {
        await endRun(store, CUSTOMER, first.run.id, { status: 'completed', at: new Date().toISOString(), by: 'run' });
        return store.replace<T>(container, partitionKey, doc, opts);
    };
    const second = await openRun({ ...request(client), store: slow });
    expect(second.outcome).toBe('started');
    expect(second.run.id).not.toBe(first.run.id);
});

test('a run its process never started holds the lock for STALE_CLAIM_MS, then frees it', async () => {
    const { client, instances } = durable();
    const first = await openRun(request(client));
    instances.delete(first.run.id); // as if the process died between taking the lock and starting the run
    expect((await openRun(request(client, { request: { azureEntitlementId: 'other' } }))).outcome).toBe('in-progress');
    const old = (await store.read<{ id: string; startedAt: string }>(CONTAINERS.runs, CUSTOMER, first.run.id))!;
    await store.replace(CONTAINERS.runs, CUSTOMER, { ...old, startedAt: new Date(Date.now() - STALE_CLAIM_MS - 1000).toISOString() });
    const next = await openRun(request(client, { request: { azureEntitlementId: 'other' } }));
    expect(next.outcome).toBe('started');
    expect((await store.read<{ id: string; state: string; ended?: { status: string } }>(CONTAINERS.runs, CUSTOMER, first.run.id))).toMatchObject({ state: 'ended', ended: { status: 'cancelled' } });
});

test('an Idempotency-Key returns its run, also after it ended; with another request it is refused', async () => {
    const { client, instances } = durable();
    const first = await openRun(request(client, { idempotencyKey: 'k/1?#' }));
    instances.set(first.run.id, 'Completed');
    expect(await openRun(request(client, { idempotencyKey: 'k/1?#' }))).toMatchObject({ outcome: 'joined', run: { id: first.run.id } });
    expect(await openRun(request(client, { idempotencyKey: 'k/1?#', request: { azureEntitlementId: 'other' } }))).toMatchObject({ outcome: 'key-reused', run: { id: first.run.id } });
    expect((await openRun(request(client))).outcome).toBe('started'); // without the key: a new run, the old one ended
});
